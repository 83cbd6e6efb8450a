"""`python -m publishing.editions --site site`: the feed, PDF and WACZ editions (`make editions`)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from provenance import source_commit
from publishing.editions.build import EditionError, build_editions
from publishing.errors import SourceError, SourceErrors
from simulations.engine import source_date_epoch


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m publishing.editions", description=__doc__)
    parser.add_argument("--site", default="site", help="the built site (default: site)")
    parser.add_argument("--root", default=".", help="the project folder (default: .)")
    args = parser.parse_args(argv)
    root = Path(args.root).resolve()
    start = time.perf_counter()
    try:
        result = build_editions(
            Path(args.site),
            root,
            epoch=source_date_epoch(root),
            commit=source_commit(root),
        )
    except (EditionError, SourceError, SourceErrors) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    times = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
    print(
        f"editions: {len(result.files)} files in {time.perf_counter() - start:.1f} s ({times}); "
        f"site resealed, Merkle root {result.final_root}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
