"""`python -m publishing.build --out site`: a strict MkDocs build that never loses the last good site.

MkDocs empties its output folder before building, so a failure half-way would leave a
broken site. We build into a fresh sibling folder and swap it in only when the build
succeeded.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simulations import BuildLocked, build_lock


def build(out: Path, config: str = "mkdocs.yml", extra: list[str] | None = None) -> int:
    """Build the site into ``out``; on failure leave ``out`` untouched and return non-zero."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    for leftover in out.parent.glob(f"{out.name}.building-*"):  # from a killed build
        shutil.rmtree(leftover, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{out.name}.building-", dir=out.parent))
    old = out.with_name(f"{staging.name}.previous")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    start = time.perf_counter()
    cmd = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "--config-file",
        config,
        "--site-dir",
        str(staging),
        *(extra or []),
    ]
    result = subprocess.run(cmd, env=env)
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        kept = (
            "the previous site in " + out.name + "/ was kept"
            if out.exists()
            else "nothing was built"
        )
        print(f"error: the site build failed (see above); {kept}.", file=sys.stderr)
        return result.returncode
    shutil.rmtree(old, ignore_errors=True)
    if out.exists():
        out.rename(old)
    staging.rename(out)
    shutil.rmtree(old, ignore_errors=True)
    print(f"site: built {out.name}/ in {time.perf_counter() - start:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m publishing.build", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--out", default="site", help="output folder (default: site)")
    parser.add_argument("--config", default="mkdocs.yml", help="MkDocs configuration file")
    args = parser.parse_args(argv)
    try:  # one build at a time per folder: a second one waits, then gives up clearly
        with build_lock(Path.cwd(), report=lambda line: print(line, flush=True)):
            return build(Path(args.out), args.config)
    except BuildLocked as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
