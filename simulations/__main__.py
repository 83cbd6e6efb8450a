"""`python -m simulations [NAME ...] [--force] [--check] [--timeout S] [--jobs N] [--list]`."""

from __future__ import annotations

import argparse
import sys

from simulations.engine.build_lock import BuildLocked, build_lock
from simulations.engine.dependencies import ROOT
from simulations.engine.runner import (
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
        "--check",
        action="store_true",
        help="determinism check: run each figure again in a fresh process and fail if its "
        "bytes differ from the verified cache (or, with none, between two runs)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        metavar="SECONDS",
        help="time limit per simulation (default: KB_TIMEOUT, else 300)",
    )
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
            try:
                current = record is not None and record["key"] == cache_key(name)[0]
            except ValueError:  # an unreadable source: stale, `run` says why
                current = False
            title = record["meta"]["title"] if record else ""
            print(f"{name:28} {'current' if current else 'stale':8} {title}")
        return 0
    try:
        with build_lock(ROOT, report=lambda line: print(line, flush=True)):
            run(
                args.names or None,
                force=args.force,
                jobs=args.jobs,
                timeout=args.timeout,
                check=args.check,
            )
    except (SimulationFailed, BuildLocked) as exc:
        print(f"\nerror: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
