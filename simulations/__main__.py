"""`python -m simulations [NAME ...] [--force] [--jobs N] [--list]`: bring figures up to date."""

from __future__ import annotations

import argparse
import sys

from simulations._runner import (
    DEFAULT_CACHE,
    SimulationFailed,
    cache_key,
    figure_names,
    load_index,
    run,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m simulations",
        description="Run the simulations whose inputs changed and refresh their figures.",
    )
    parser.add_argument(
        "names", nargs="*", metavar="NAME", help="figures to consider (default: all)"
    )
    parser.add_argument("--force", action="store_true", help="run even if the cache is current")
    parser.add_argument(
        "--jobs", type=int, default=None, help="worker processes (default: all cores)"
    )
    parser.add_argument(
        "--list", action="store_true", help="list figures and whether they are stale"
    )
    args = parser.parse_args(argv)

    if args.list:
        index = load_index(DEFAULT_CACHE)
        for name in figure_names():
            record = index.get(name)
            state = "current" if record and record["key"] == cache_key(name)[0] else "stale"
            title = record["meta"]["title"] if record else ""
            print(f"{name:28} {state:8} {title}")
        return 0
    try:
        run(args.names or None, force=args.force, jobs=args.jobs)
    except SimulationFailed as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
