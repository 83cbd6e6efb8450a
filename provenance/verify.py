"""`python -m provenance.verify [SITE]`: check a copy of the site against its seal.

Prints one line per problem (the file and what differs), then ``OK: N files, Merkle
root …`` and exits 0, or ``FAILED: …`` and exits 1. ``make verify`` runs it on ``site/``;
``make verify SITE=path`` on any copy.

The checking itself lives in :mod:`provenance.fixity` (re-exported here), so that the
package can import it without importing this script.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from provenance.fixity import Altered, Report, verify_site

__all__ = ["Altered", "Report", "main", "verify_site"]


def main(argv: list[str] | None = None) -> int:
    """Run the check and print the report; return the exit status (0 OK, 1 failed)."""
    parser = argparse.ArgumentParser(
        prog="python -m provenance.verify",
        description="Check a copy of the site against its manifest, tag manifest and Merkle root.",
    )
    parser.add_argument("site", nargs="?", default="site", help="the site folder (default: site)")
    args = parser.parse_args(argv)
    report = verify_site(Path(args.site))
    out = sys.stdout if report.ok else sys.stderr
    for line in [] if report.error else report.problems():
        print(line, file=out)
    print(report.summary(), file=out)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
