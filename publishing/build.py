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
import time
from pathlib import Path


def build(out: Path, config: str = "mkdocs.yml", extra: list[str] | None = None) -> int:
    """Build the site into ``out``; on failure leave ``out`` untouched and return non-zero."""
    out = out.resolve()
    staging = out.with_name(f"{out.name}.building")
    old = out.with_name(f"{out.name}.previous")
    shutil.rmtree(staging, ignore_errors=True)
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
    return build(Path(args.out), args.config)


if __name__ == "__main__":
    sys.exit(main())
