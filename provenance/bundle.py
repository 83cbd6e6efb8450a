"""`python -m provenance.bundle --site site --out dist/`: the site and its source as a BagIt bag.

Writes ``dist/collapse-provenance-<commit>.zip``: one bag (RFC 8493, v1.0, SHA-256) with
the built site in ``data/site/`` and every file git tracks in ``data/source/``. The site
must pass ``make verify`` first. The bag is built by :mod:`provenance.bagging`
(re-exported here), so the package can import it without importing this script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provenance.bagging import BundleError, make_bundle

__all__ = ["BundleError", "main", "make_bundle"]


def main(argv: list[str] | None = None) -> int:
    """Make the bundle and print where it is; return the exit status (0 made, 1 not)."""
    parser = argparse.ArgumentParser(
        prog="python -m provenance.bundle",
        description="Package the built site and its git-tracked source as a zipped BagIt bag.",
    )
    parser.add_argument("--site", default="site", help="the built, sealed site (default: site)")
    parser.add_argument("--out", default="dist", help="output folder (default: dist)")
    parser.add_argument("--root", default=".", help="the git checkout (default: .)")
    args = parser.parse_args(argv)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr)

    try:
        out = make_bundle(Path(args.site), Path(args.out), root=Path(args.root), warn=warn)
    except BundleError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"bundle: {out} ({out.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
