"""`python -m publishing.build --out site [--generator mkdocs|zensical]`: the whole site build.

The site steps run around the generator (``publishing.site_steps``): checks, figures,
notebooks and the site context before it; downloads, head metadata, warnings and the
seal after it. The generator only renders pages, running the page steps through the
Markdown extension ``publishing.markdown_ext``.

Generators empty their output folder before building, so a failure half-way would leave
a broken site: we build into a fresh sibling folder and swap it in only on success.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from bibliography import BibliographyError, CitationError
from publishing import notebooks
from publishing.errors import SourceError, SourceErrors
from publishing.site_context import CONTEXT_ENV
from publishing.site_steps import AFTER, BEFORE, ROOT, SiteBuild, run_steps
from simulations import SimulationFailed

__all__ = ["GENERATORS", "build", "main"]

#: What a build can fail on with a message naming file and line (printed, no traceback).
INPUT_ERRORS = (
    SourceError,
    SourceErrors,
    BibliographyError,
    CitationError,
    notebooks.NotebookFailed,
    SimulationFailed,
)


def run_mkdocs(site: SiteBuild, staging: Path) -> int:
    """MkDocs, strict, reading the staged docs folder (executed notebooks) into ``staging``.

    The config is the project's own, read through INHERIT from stdin with ``docs_dir``
    replaced and the notebook-page adapter added to its hooks; MkDocs resolves its relative paths from the working folder,
    which is therefore the config's folder.
    """
    hooks = [
        *(site.config.get("hooks") or []),
        str(ROOT / "publishing" / "mkdocs_notebook_pages.py"),
    ]
    config = (
        f"INHERIT: {site.config_file.name}\ndocs_dir: {site.staged_docs}\n"
        f"hooks: {json.dumps(hooks)}\n"
    )
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", "-"]
    cmd += ["--site-dir", str(staging)]
    env = {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        # The Markdown extension must import from the project, whatever the config's folder.
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        CONTEXT_ENV: str(site.context_file),
    }
    return subprocess.run(cmd, input=config, text=True, env=env, cwd=site.config_dir).returncode


def run_zensical(site: SiteBuild, staging: Path) -> int:
    """Placeholder until the Zensical adapter lands (branch i15-zensical)."""
    print(
        "error: GENERATOR=zensical is not available on this branch yet; "
        "build with the default, `make site` (MkDocs)",
        file=sys.stderr,
    )
    return 2


#: Generator name -> ``run(site, staging) -> exit status``.
GENERATORS: dict[str, Callable[[SiteBuild, Path], int]] = {
    "mkdocs": run_mkdocs,
    "zensical": run_zensical,
}


def build(
    out: Path,
    config: str | Path = "mkdocs.yml",
    generator: str = "mkdocs",
    report: Callable[[str], None] = print,
) -> int:
    """Build the site into ``out``; on failure leave ``out`` untouched and return non-zero.

    Args:
        out: The output folder.
        config: The generator's config file (mkdocs.yml; Zensical reads it too).
        generator: A key of ``GENERATORS``.
        report: Where progress lines go.
    """
    if generator not in GENERATORS:
        print(
            f"error: unknown generator {generator!r}; use one of {', '.join(GENERATORS)}",
            file=sys.stderr,
        )
        return 2
    out = Path(out).resolve()
    staging = out.with_name(f"{out.name}.building")
    old = out.with_name(f"{out.name}.previous")
    shutil.rmtree(staging, ignore_errors=True)
    start = time.perf_counter()
    kept = f"the previous site in {out.name}/ was kept" if out.exists() else "nothing was built"
    site = SiteBuild(Path(config), out=staging, report=report)
    try:
        run_steps(site, BEFORE)
        status = GENERATORS[generator](site, staging)
        if status == 0:
            run_steps(site, AFTER)
    except INPUT_ERRORS as exc:
        print(f"error: {exc}", file=sys.stderr)
        status = 1
    if status != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"error: the site build failed (see above); {kept}.", file=sys.stderr)
        return status
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    report(f"site: built {out.name}/ with {generator} in {time.perf_counter() - start:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m publishing.build", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", default="site", help="output folder (default: site)")
    parser.add_argument("--config", default="mkdocs.yml", help="generator config file")
    parser.add_argument(
        "--generator", default="mkdocs", choices=sorted(GENERATORS), help="default: mkdocs"
    )
    args = parser.parse_args(argv)
    return build(Path(args.out), args.config, args.generator)


if __name__ == "__main__":
    sys.exit(main())
