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
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bibliography import ProblemsError
from publishing import notebooks
from publishing.guard import SiteGuardError
from publishing.site_context import CONTEXT_ENV
from publishing.site_steps import AFTER, BEFORE, ROOT, SiteBuild, run_steps
from simulations.engine import BuildLocked, SimulationFailed, build_lock

__all__ = ["GENERATORS", "Generator", "build", "main"]

#: What a build can fail on with a message naming file and line (printed, no traceback).
INPUT_ERRORS = (
    ProblemsError,  # SourceError(s), BibliographyError, CitationError: one family
    notebooks.NotebookFailed,
    SimulationFailed,
    SiteGuardError,
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
    """Zensical, strict, from a generated config and a copy of docs/ with notebook pages.

    See ``publishing.zensical_project`` for why (no --site-dir, no notebook renderer, a
    page cache that must watch the site context).
    """
    from publishing.zensical_project import ZensicalFailed, build_with_zensical

    env = {
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
        CONTEXT_ENV: str(site.context_file),
    }
    try:
        build_with_zensical(
            project=site.config_dir,
            config_file=site.config_file,
            docs=site.docs_dir,
            staging=staging,
            notebooks=site.notebook_copies,
            watch=[site.context_file],
            env=env,
            report=site.report,
        )
    except ZensicalFailed as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


@dataclass(frozen=True)
class Generator:
    """How to run one generator, and how it reads relative URLs in raw HTML."""

    run: Callable[[SiteBuild, Path], int]
    urls_from_source: bool = False


#: Generator name -> how to run it.
GENERATORS: dict[str, Generator] = {
    "mkdocs": Generator(run_mkdocs),
    "zensical": Generator(run_zensical, urls_from_source=True),
}


def _print_now(line: str) -> None:
    # Flushed at once: the generator and the warnings write to stderr, and a block-buffered
    # stdout (a pipe, `make | tee`) would otherwise print our lines after theirs.
    print(line, flush=True)


def build(
    out: Path,
    config: str | Path = "mkdocs.yml",
    generator: str = "mkdocs",
    report: Callable[[str], None] = _print_now,
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
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in out.parent.glob(f"{out.name}.building-*"):  # from a killed build
        shutil.rmtree(leftover, ignore_errors=True)
    # A unique staging folder: two builds can never write into the same one.
    staging = Path(tempfile.mkdtemp(prefix=f"{out.name}.building-", dir=out.parent))
    staging.rmdir()  # the name is ours; each generator creates the folder itself
    old = out.with_name(f"{staging.name}.previous")
    start = time.perf_counter()
    kept = f"the previous site in {out.name}/ was kept" if out.exists() else "nothing was built"
    chosen = GENERATORS[generator]
    site = SiteBuild(
        Path(config), out=staging, report=report, urls_from_source=chosen.urls_from_source
    )
    try:
        run_steps(site, BEFORE)
        status = chosen.run(site, staging)
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
    try:  # one build at a time per folder: a second one waits, then gives up clearly
        with build_lock(Path.cwd(), report=lambda line: print(line, flush=True)):
            return build(Path(args.out), args.config, args.generator, report=_print_now)
    except BuildLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
