"""Run the figure modules whose inputs changed, in parallel, and record the results.

Stale means the inputs changed, not the clock: a figure's cache key hashes its module's
source, the sources of every local module it imports (found from the syntax tree), the
code that writes the outputs, and the Python, numpy and matplotlib versions. Parameters
and seed live in the module source, so they are covered by its hash (and recorded).

A result is recorded only after a successful run, and every output is written
atomically, so a failing simulation leaves the last good figure in place and runs again
next time.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from pathlib import Path

from simulations._deps import ROOT, clear_cache, local_dependencies

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_CACHE = ROOT / ".cache" / "figures"
#: Bump when the layout of the cached records changes.
FORMAT = 1
#: Runner code that shapes the published bytes; editing it re-runs every figure.
OUTPUT_CODE = ("_outputs.py", "_provrecord.py", "_runner.py", "_values.py")


class SimulationFailed(RuntimeError):
    """One or more simulations raised; the message names each with its traceback tail."""


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str  # "ran", "reused" or "failed"
    seconds: float
    error: str = ""


def figure_names(root: Path = ROOT) -> list[str]:
    """Every figure module: ``simulations/*.py`` whose name does not start with ``_``."""
    return sorted(p.stem for p in (root / "simulations").glob("*.py") if not p.stem.startswith("_"))


def _read_source(path: Path) -> bytes:
    # Universal newlines: a checkout with CRLF line ends hashes like one with LF.
    return path.read_text(encoding="utf-8").encode("utf-8")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@cache
def library_versions() -> dict[str, str]:
    """The versions that shape the output, read without importing the libraries."""
    return {
        "python": ".".join(map(str, sys.version_info[:3])),
        "numpy": version("numpy"),
        "matplotlib": version("matplotlib"),
    }


def sources_of(name: str, root: Path = ROOT) -> dict[str, str]:
    """SHA-256 of the module and every local module it imports, keyed by relative path."""
    module = root / "simulations" / f"{name}.py"
    files = [module, *local_dependencies(module, root)]
    return {p.relative_to(root).as_posix(): _sha256(_read_source(p)) for p in files}


def cache_key(name: str, root: Path = ROOT) -> tuple[str, dict[str, str]]:
    """The figure's cache key and the source hashes that went into it."""
    sources = sources_of(name, root)
    output_code = {f"simulations/{f}": _sha256(_read_source(PACKAGE_DIR / f)) for f in OUTPUT_CODE}
    material = {
        "format": FORMAT,
        "sources": sources,
        "output_code": output_code,
        "versions": library_versions(),
    }
    key = _sha256(json.dumps(material, sort_keys=True).encode())
    return key, sources


def source_date_epoch(root: Path = ROOT) -> int:
    """SOURCE_DATE_EPOCH if set, else the last commit's time, else 0."""
    env = os.environ.get("SOURCE_DATE_EPOCH")
    if env:
        return int(env)
    try:
        out = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return int(out) if out else 0
    except (OSError, subprocess.CalledProcessError, ValueError):
        return 0


def _atomic_write(path: Path, data: bytes) -> None:
    """Write to a temporary sibling, then rename: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_if_changed(path: Path, data: bytes) -> None:
    if not path.exists() or path.read_bytes() != data:
        _atomic_write(path, data)


def load_index(cache_dir: Path = DEFAULT_CACHE) -> dict[str, dict]:
    """The records of every successful run kept in the cache (name -> record)."""
    index = cache_dir / "index.json"
    if not index.exists():
        return {}
    return json.loads(index.read_text(encoding="utf-8"))


def _save_index(cache_dir: Path, index: dict[str, dict]) -> None:
    _atomic_write(
        cache_dir / "index.json", (json.dumps(index, indent=1, sort_keys=True) + "\n").encode()
    )


def _execute(name: str) -> dict:
    """Worker: import, simulate, plot, serialise one figure. Returns data or an error."""
    started = time.perf_counter()
    try:
        import dataclasses
        import importlib

        import matplotlib
        import numpy as np

        matplotlib.use("svg")
        from simulations import _style
        from simulations._contract import check_module
        from simulations._outputs import figure_csv, figure_svg
        from simulations._values import compute_values, format_meta, values_json

        module = importlib.import_module(f"simulations.{name}")
        check_module(module)
        params = module.PARAMS
        t0 = time.perf_counter()
        result = module.simulate(params, np.random.default_rng(params.seed))
        values = compute_values(module, params, result)  # before plot: a bad value fails fast
        t1 = time.perf_counter()
        with matplotlib.rc_context(_style.RC):
            fig = module.plot(result)
            t2 = time.perf_counter()
            csv_text = figure_csv(fig)
            svg = figure_svg(fig)
            t3 = time.perf_counter()
        meta = format_meta(name, dataclasses.asdict(module.META), values)
        return {
            "svg": svg,
            "csv": csv_text.encode("utf-8"),
            "values": values_json(name, values).encode("utf-8") if values else None,
            "params": json.loads(json.dumps(dataclasses.asdict(params), default=repr)),
            "meta": meta,
            "seconds_simulate": t1 - t0,
            "seconds_plot": t2 - t1,
            "seconds_save": t3 - t2,
            "seconds_worker": time.perf_counter() - started,
        }
    except Exception:
        return {"error": traceback.format_exc(), "seconds_worker": time.perf_counter() - started}


def _values_record(data: bytes | None) -> dict:
    """The index fields for a figure's values: the values themselves, hash and size."""
    if data is None:
        return {}
    return {
        "values": json.loads(data)["values"],
        "values_sha256": _sha256(data),
        "values_bytes": len(data),
    }


def _tail(text: str, lines: int = 8) -> str:
    return "\n".join(text.rstrip().splitlines()[-lines:])


def run(
    names: Iterable[str] | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    cache_dir: Path = DEFAULT_CACHE,
    root: Path = ROOT,
    report: Callable[[str], None] = print,
) -> list[Outcome]:
    """Bring the cached figures up to date.

    Args:
        names: figures to consider (default: all).
        force: run even if the cache is current.
        jobs: worker processes (default: all cores).
        cache_dir: where outputs and the index live.
        root: the project root.
        report: called with one line per figure and a final summary.

    Returns:
        One Outcome per figure considered.

    Raises:
        SimulationFailed: a simulation raised; its outputs were left as they were.
    """
    start = time.perf_counter()
    clear_cache()
    known = figure_names(root)
    wanted = known if names is None else list(names)
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise SystemExit(
            f"unknown figure(s): {', '.join(unknown)}. Known: {', '.join(known)} "
            "(see `python -m simulations --list`)"
        )
    index = load_index(cache_dir)
    outcomes: list[Outcome] = []
    stale: dict[str, tuple[str, dict[str, str]]] = {}
    for name in wanted:
        key, sources = cache_key(name, root)
        record = index.get(name)
        exts = ("svg", "csv", "values.json") if record and "values" in record else ("svg", "csv")
        present = all((cache_dir / f"{name}.{ext}").exists() for ext in exts)
        if force or record is None or record.get("key") != key or not present:
            stale[name] = (key, sources)
        else:
            outcomes.append(Outcome(name, "reused", 0.0))
            report(f"  reused  {name}")

    if stale:
        workers = max(1, min(jobs or os.cpu_count() or 1, len(stale)))
        # Fresh processes per run: clean rcParams, and edited code is imported anew. Spawned
        # workers copy the parent's sys.path, which may have found the project only through
        # an entry a host added for a moment (MkDocs loading hooks.py): make it explicit.
        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            futures = {pool.submit(_execute, name): name for name in stale}
            for future in as_completed(futures):
                name = futures[future]
                out = future.result()
                seconds = out.get("seconds_worker", 0.0)
                if "error" in out:
                    outcomes.append(Outcome(name, "failed", seconds, _tail(out["error"])))
                    report(f"  FAILED  {name}")
                    continue
                key, sources = stale[name]
                _atomic_write(cache_dir / f"{name}.svg", out["svg"])
                _atomic_write(cache_dir / f"{name}.csv", out["csv"])
                if out["values"] is not None:
                    _atomic_write(cache_dir / f"{name}.values.json", out["values"])
                else:
                    (cache_dir / f"{name}.values.json").unlink(missing_ok=True)
                index[name] = {
                    "key": key,
                    "script": f"simulations/{name}.py",
                    "sources": sources,
                    "versions": library_versions(),
                    "params": out["params"],
                    "meta": out["meta"],
                    "svg_sha256": _sha256(out["svg"]),
                    "svg_bytes": len(out["svg"]),
                    "csv_sha256": _sha256(out["csv"]),
                    "csv_bytes": len(out["csv"]),
                    **_values_record(out["values"]),
                    "seconds_simulate": out["seconds_simulate"],
                    "seconds_plot": out["seconds_plot"],
                    "seconds_save": out["seconds_save"],
                }
                _save_index(cache_dir, index)  # recorded only after the outputs are in place
                outcomes.append(Outcome(name, "ran", seconds))
                report(
                    f"  ran     {name}  ({seconds:.2f} s: simulate "
                    f"{out['seconds_simulate']:.2f} s, plot {out['seconds_plot']:.2f} s)"
                )

    write_provenance(cache_dir, index, [n for n in wanted if n in index], root)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("ran", "reused", "failed")}
    report(
        f"figures: {counts['ran']} ran, {counts['reused']} reused, {counts['failed']} failed "
        f"in {time.perf_counter() - start:.2f} s"
    )
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        details = "\n\n".join(
            f"simulation '{o.name}' (simulations/{o.name}.py) failed; the last good outputs, "
            f"if any, were kept:\n{o.error}"
            for o in failed
        )
        raise SimulationFailed(details)
    return outcomes


def write_provenance(
    cache_dir: Path, index: dict[str, dict], names: list[str], root: Path = ROOT
) -> None:
    """(Re)write each figure's PROV-JSON record; unchanged records are not touched."""
    if not names:
        return
    from simulations._provrecord import build_record  # imported only when a record is due

    sde = source_date_epoch(root)
    stamp_path = cache_dir / "prov-stamps.json"
    stamps = json.loads(stamp_path.read_text()) if stamp_path.exists() else {}
    changed = False
    for name in names:
        # A record depends only on the run's key and the epoch: skip it when both match.
        stamp = f"{index[name]['key']}@{sde}"
        target = cache_dir / f"{name}.prov.json"
        if stamps.get(name) == stamp and target.exists():
            continue
        _write_if_changed(target, build_record(name, index[name], sde).encode("utf-8"))
        stamps[name] = stamp
        changed = True
    if changed:
        _atomic_write(stamp_path, (json.dumps(stamps, indent=1, sort_keys=True) + "\n").encode())
