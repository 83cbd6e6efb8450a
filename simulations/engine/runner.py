"""Run the figure modules whose inputs changed, in parallel, and record the results.

Stale means the inputs changed, not the clock: a figure's cache key hashes its module's
source, the sources of every local module it imports (found from the syntax tree), the
code that writes the outputs, and the Python, numpy and matplotlib versions. Parameters
and seed live in the module source, so they are covered by its hash (and recorded).

A result is recorded only after a successful run, and every output is written
atomically, so a failing simulation leaves the last good figure in place and runs again
next time. The record keeps the SHA-256 of every output file; a cached file is used
(reused, published, sealed) only while its bytes still match, and is rebuilt otherwise.

Each simulation runs in a worker process under a time limit (KB_TIMEOUT, default 300 s);
a worker past its limit is killed and the build fails naming the module.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import subprocess
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version
from multiprocessing.connection import Connection, wait
from pathlib import Path

from simulations.engine.cache_index import read_index, write_atomic, write_index
from simulations.engine.dependencies import (
    ROOT,
    SourceFileError,
    clear_cache,
    local_dependencies,
    read_source,
)

PACKAGE_DIR = Path(__file__).resolve().parent
DEFAULT_CACHE = ROOT / ".cache" / "figures"
#: Bump when the layout of the cached records changes.
FORMAT = 3
#: Runner code that shapes the published bytes; editing it, or a file it imports, re-runs
#: every figure.
OUTPUT_CODE = (
    "explore.py",
    "outputs.py",
    "provenance_record.py",
    "runner.py",
    "values.py",
)
#: Seconds one simulation may take (``make figures TIMEOUT=...`` sets KB_TIMEOUT).
DEFAULT_TIMEOUT = 300.0
TIMEOUT_FIX = "make it faster, or raise the limit: make figures TIMEOUT=SECONDS (or KB_TIMEOUT)"
_SVG_SIZE = re.compile(rb'<svg[^>]*?width="([\d.]+)pt"[^>]*?height="([\d.]+)pt"', re.DOTALL)
RECORD_FIELDS = {
    "key": str,
    "script": str,
    "sources": dict,
    "versions": dict,
    "params": dict,
    "meta": dict,
    "files": dict,
    "svg_sha256": str,
    "svg_bytes": int,
    "csv_sha256": str,
    "csv_bytes": int,
}


class SimulationFailed(RuntimeError):
    """One or more simulations failed; the message names each module and what went wrong."""


@dataclass(frozen=True)
class Outcome:
    name: str
    status: str  # "ran", "reused", "failed" or "checked" (same bytes as the verified cache)
    seconds: float
    error: str = ""


def figure_names(root: Path = ROOT) -> list[str]:
    """Every figure module: ``simulations/*.py`` whose name does not start with ``_``."""
    return sorted(p.stem for p in (root / "simulations").glob("*.py") if not p.stem.startswith("_"))


def _read_source(path: Path, root: Path = ROOT) -> bytes:
    # Universal newlines: a checkout with CRLF line ends hashes like one with LF.
    return read_source(path, root).encode("utf-8")


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
    return {p.relative_to(root).as_posix(): _sha256(_read_source(p, root)) for p in files}


@cache
def _output_files() -> list[Path]:
    """The engine's output code and what it imports (legend placement, layout, palette):
    a change to how a figure is laid out must redraw it, as a change to the module does."""
    files = {PACKAGE_DIR / f for f in OUTPUT_CODE}
    for f in OUTPUT_CODE:
        files.update(local_dependencies(PACKAGE_DIR / f, ROOT))
    return sorted(p.resolve() for p in files)


def cache_key(name: str, root: Path = ROOT) -> tuple[str, dict[str, str]]:
    """The figure's cache key and the source hashes that went into it."""
    sources = sources_of(name, root)
    output_code = {
        path.relative_to(ROOT).as_posix(): _sha256(_read_source(path)) for path in _output_files()
    }
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


def time_limit(seconds: float | None = None) -> float:
    """The per-simulation time limit: ``seconds``, else KB_TIMEOUT, else 300.

    Raises:
        SimulationFailed: KB_TIMEOUT is set but is not a positive number of seconds.
    """
    if seconds is None:
        raw = os.environ.get("KB_TIMEOUT", "").strip()
        try:
            seconds = float(raw) if raw else DEFAULT_TIMEOUT
        except ValueError:
            seconds = -1.0
    if not seconds > 0:
        raise SimulationFailed(
            f"the time limit must be a positive number of seconds, not {seconds!r}: "
            "e.g. make figures TIMEOUT=600 (or KB_TIMEOUT=600)"
        )
    return float(seconds)


def variant_sizes(outputs: dict[str, bytes]) -> dict[str, list[int]]:
    """``[width, height]`` in CSS pixels of every SVG output, by kind (for <img> sizes)."""
    sizes = {}
    for kind, data in outputs.items():
        if kind.endswith("svg") and (m := _SVG_SIZE.search(data[:2000])):
            sizes[kind] = [round(float(m.group(1)) * 4 / 3), round(float(m.group(2)) * 4 / 3)]
    return sizes


# -- the index and the verification of cached files ---------------------------------------


def _shape_problem(record: object) -> str | None:
    """Why a record of the current format cannot be trusted, or None if it is well formed."""
    if not isinstance(record, dict):
        return "the record is not a JSON object"
    for field, kind in RECORD_FIELDS.items():
        if not isinstance(record.get(field), kind):
            return f"its field '{field}' is missing or not a {kind.__name__}"
    files = record["files"]
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in files.items()):
        return "its field 'files' does not map file kinds to SHA-256 digests"
    if files.get("svg") != record["svg_sha256"] or files.get("csv") != record["csv_sha256"]:
        return "its SVG or CSV digest disagrees with its list of files"
    if "values.json" in files and (
        not isinstance(record.get("values"), dict)
        or files["values.json"] != record.get("values_sha256")
    ):
        return "its values disagree with its list of files"
    if not all(isinstance(record["meta"].get(f), str) for f in ("title", "caption", "alt")):
        return "its figure metadata is incomplete"
    return None


def _read_index(cache_dir: Path, report: Callable[[str], None]) -> dict[str, dict]:
    """The well-formed records of the current format; anything else is reported and dropped."""
    return read_index(
        cache_dir / "index.json",
        problem=_shape_problem,
        stale=lambda record: isinstance(record, dict) and record.get("format") != FORMAT,
        what="figure",
        report=report,
    )


def _file_problems(cache_dir: Path, name: str, record: dict, kinds: Iterable[str]) -> list[str]:
    """Cached files of a record whose bytes are missing or differ from the recorded SHA-256."""
    problems = []
    for kind in kinds:
        path = cache_dir / f"{name}.{kind}"
        try:
            data = path.read_bytes()
        except OSError:
            problems.append(f"{path.name} is missing")
            continue
        if _sha256(data) != record["files"][kind]:
            problems.append(
                f"{path.name} ({len(data):,} bytes) does not match the SHA-256 recorded when "
                "it was made (truncated or edited)"
            )
    return problems


def load_index(
    cache_dir: Path = DEFAULT_CACHE,
    root: Path = ROOT,
    report: Callable[[str], None] = lambda line: None,
) -> dict[str, dict]:
    """The verified outputs: records whose every cached file matches its recorded SHA-256.

    This is what a build may publish and seal. A record is left out (and its figure
    rebuilt by the next run) when the index or the record is damaged, when any of its
    files (SVG, CSV, PROV record, ...) is missing or differs from the digest recorded when
    it was made, or when its simulation module no longer exists.

    Args:
        cache_dir: where outputs and the index live.
        root: the project root (to see which simulation modules exist).
        report: called with one line per record left out.

    Returns:
        name -> record, for the verified figures only.
    """
    known = set(figure_names(root))
    verified = {}
    for name, record in _read_index(cache_dir, report).items():
        if name not in known:
            continue
        if "prov.json" not in record["files"]:
            report(f"  cache   {name} has no provenance record yet; not published")
            continue
        problems = _file_problems(cache_dir, name, record, record["files"])
        if problems:
            report(f"  cache   {name}: {'; '.join(problems)}; not published")
            continue
        verified[name] = record
    return verified


def _save_index(cache_dir: Path, index: dict[str, dict]) -> None:
    write_index(cache_dir / "index.json", index)


def _drop(cache_dir: Path, name: str, record: dict) -> None:
    for kind in {"svg", "csv", "prov.json", *record.get("files", {})}:
        (cache_dir / f"{name}.{kind}").unlink(missing_ok=True)


# -- the worker side ------------------------------------------------------------------------


def _shown(filename: str, root: Path) -> str:
    path = Path(filename)
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else filename


def own_traceback(exc: BaseException, root: Path = ROOT) -> str:
    """The traceback of ``exc`` with the runner's frames trimmed, as sphinx-gallery does.

    Only frames in the project's own files are kept (the simulation module and what it
    imports), paths relative to ``root``; the runner, the import machinery and library
    internals are left out. The exception line itself always stays.
    """
    kept = [
        frame
        for frame in traceback.extract_tb(exc.__traceback__)
        if Path(frame.filename).is_relative_to(root)
        # The engine's own frames (runner, contract, outputs) are machinery, not the figure.
        and not Path(frame.filename).resolve().is_relative_to(PACKAGE_DIR)
    ]
    for frame in kept:
        frame.filename = _shown(frame.filename, root)
    head = ["Traceback (most recent call last):\n", *traceback.format_list(kept)] if kept else []
    return "".join(head + traceback.format_exception_only(type(exc), exc)).rstrip()


def _execute(name: str, root: str = str(ROOT)) -> dict:
    """Worker: import, simulate, plot, serialise one figure. Returns data or an error."""
    started = time.perf_counter()
    try:
        import dataclasses
        import importlib

        import matplotlib
        import numpy as np

        matplotlib.use("svg")
        from simulations.engine.contract import check_module
        from simulations.engine.outputs import variant_outputs
        from simulations.engine.values import compute_values, format_meta, values_json

        module = importlib.import_module(f"simulations.{name}")
        check_module(module)
        params = module.PARAMS
        t0 = time.perf_counter()
        result = module.simulate(params, np.random.default_rng(params.seed))
        values = compute_values(module, params, result)  # before plot: a bad value fails fast
        t1 = time.perf_counter()
        # One result, drawn in every variant (wide and phone, light and dark).
        svgs, csv_text, layout = variant_outputs(module.plot, result)
        t2 = t3 = time.perf_counter()
        meta = format_meta(name, dataclasses.asdict(module.META), values)
        explore = b""
        if hasattr(module, "EXPLORE"):  # the explorable: every grid point, same worker
            from simulations.engine.explore import explore_json

            explore = explore_json(name, module).encode("utf-8")
        t4 = time.perf_counter()
        return {
            # Every file written beside the figure, by kind (file name ``{name}.{kind}``).
            "outputs": {
                **svgs,
                "csv": csv_text.encode("utf-8"),
                **({"values.json": values_json(name, values).encode("utf-8")} if values else {}),
                **({"explore.json": explore} if explore else {}),
            },
            "layout": layout,
            "params": json.loads(json.dumps(dataclasses.asdict(params), default=repr)),
            "meta": meta,
            "seconds_simulate": t1 - t0,
            "seconds_plot": t2 - t1,
            "seconds_save": t3 - t2,
            "seconds_explore": t4 - t3,
            "seconds_worker": time.perf_counter() - started,
        }
    except Exception as exc:
        return {
            "error": own_traceback(exc, Path(root)),
            "seconds_worker": time.perf_counter() - started,
        }


def _values_record(data: bytes | None) -> dict:
    """The index fields for a figure's values: the values themselves, hash and size.

    The values file is also listed in the record's ``files`` (so it is verified like the
    SVG and CSV); the values are copied into the record so that the site context carries
    them to the page steps without reading the file again.
    """
    if data is None:
        return {}
    return {
        "values": json.loads(data)["values"],
        "values_sha256": _sha256(data),
        "values_bytes": len(data),
    }


def _serve(conn: Connection) -> None:
    """Worker process: load the plotting stack once, then run the figures it is sent."""
    import matplotlib

    matplotlib.use("svg")
    import simulations.engine.outputs  # noqa: F401  (numpy and matplotlib, loaded before timing)

    conn.send("ready")
    while (task := conn.recv()) is not None:
        conn.send(_execute(*task))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    ready: bool = False
    task: str | None = None
    started: float = 0.0

    def stop(self) -> None:
        """Kill the process and reap it: nothing the runner started outlives it."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def _run_workers(
    tasks: list[str], *, size: int, limit: float, fresh: bool, root: Path
) -> Iterator[tuple[str, dict]]:
    """Run each task (a figure name) in a worker process; yield (name, result) as each ends.

    A result has the worker's data, or ``error`` (it raised or its process died), or
    ``timeout`` (seconds it ran before its worker was killed). The clock of a task starts
    when it is handed to a worker that has already loaded the plotting stack. With
    ``fresh``, every task gets a new process (the determinism check's second run must not
    see state left by the first).
    """
    ctx = multiprocessing.get_context("spawn")
    pending = deque(tasks)
    workers: dict[Connection, _Worker] = {}

    def start() -> None:
        parent, child = ctx.Pipe()
        process = ctx.Process(target=_serve, args=(child,), daemon=True)
        process.start()
        child.close()
        workers[parent] = _Worker(process, parent)

    try:
        while pending or any(w.task for w in workers.values()):
            idle = [w for w in workers.values() if w.task is None]
            for _ in range(min(len(pending) - len(idle), size - len(workers))):
                start()
            for w in workers.values():
                if pending and w.ready and w.task is None:
                    w.task, w.started = pending.popleft(), time.monotonic()
                    w.conn.send((w.task, str(root)))
            busy = [w for w in workers.values() if w.task]
            now = time.monotonic()
            until = min((w.started + limit - now for w in busy), default=None)
            for conn in wait(list(workers), None if until is None else max(until, 0.0)):
                w = workers[conn]
                try:
                    message = conn.recv()
                except (EOFError, OSError):
                    workers.pop(conn).stop()
                    if w.task is None:
                        raise SimulationFailed(
                            f"a worker process could not start (exit code "
                            f"{w.process.exitcode}); see the error printed above"
                        ) from None
                    yield (
                        w.task,
                        {"error": f"its worker process died (exit code {w.process.exitcode})"},
                    )
                    continue
                if message == "ready":
                    w.ready = True
                    continue
                task, w.task = w.task, None
                if fresh:
                    workers.pop(conn).stop()
                yield task, message
            now = time.monotonic()
            for conn, w in list(workers.items()):
                if w.task and now - w.started >= limit:
                    workers.pop(conn).stop()
                    yield w.task, {"timeout": now - w.started}
    finally:
        for w in workers.values():
            w.stop()


# -- the run ------------------------------------------------------------------------------


def _failure(name: str, result: dict, limit: float) -> str | None:
    """The message for a failed run of ``name``, or None if it succeeded."""
    where = f"simulation '{name}' (simulations/{name}.py)"
    if "timeout" in result:
        return (
            f"{where} did not finish within the time limit of {limit:g} s: it was stopped "
            f"after {result['timeout']:.1f} s (its worker process was killed) and the last "
            f"good outputs, if any, were kept; {TIMEOUT_FIX}"
        )
    if "error" in result:
        return f"{where} failed; the last good outputs, if any, were kept:\n{result['error']}"
    return None


def _differences(a: dict[str, str], b: dict[str, str]) -> list[str]:
    return [
        f"{kind} ({a[kind][:12]}… vs {b.get(kind, '')[:12]}…)"
        for kind in a
        if a[kind] != b.get(kind)
    ]


def run(
    names: Iterable[str] | None = None,
    *,
    force: bool = False,
    jobs: int | None = None,
    cache_dir: Path = DEFAULT_CACHE,
    root: Path = ROOT,
    report: Callable[[str], None] = print,
    timeout: float | None = None,
    check: bool = False,
) -> list[Outcome]:
    """Bring the cached figures up to date.

    Args:
        names: figures to consider (default: all).
        force: run even if the cache is current.
        jobs: worker processes (default: all cores).
        cache_dir: where outputs and the index live.
        root: the project root.
        report: called with one line per figure and a final summary.
        timeout: seconds each simulation may take (default: KB_TIMEOUT, else 300).
        check: the determinism check: run every figure again in a fresh process and
            compare its bytes with the verified cache (or, with none, run it twice);
            a figure whose bytes differ fails and is not recorded.

    Returns:
        One Outcome per figure considered.

    Raises:
        SimulationFailed: a simulation raised, ran out of time, could not be read, or
            (with ``check``) gave different bytes; its last good outputs were left as
            they were.
    """
    start = time.perf_counter()
    limit = time_limit(timeout)
    clear_cache()
    known = figure_names(root)
    wanted = known if names is None else list(names)
    unknown = [n for n in wanted if n not in known]
    if unknown:
        raise SystemExit(
            f"unknown figure(s): {', '.join(unknown)}. Known: {', '.join(known)} "
            "(see `python -m simulations --list`)"
        )
    index = _read_index(cache_dir, report)
    for name in [n for n in index if n not in known]:
        report(f"  dropped {name}: simulations/{name}.py no longer exists")
        _drop(cache_dir, name, index.pop(name))
        _save_index(cache_dir, index)
    outcomes: list[Outcome] = []
    stale: dict[str, tuple[str, dict[str, str]]] = {}
    baseline: dict[str, dict[str, str]] = {}  # check: digests a fresh run must reproduce
    for name in wanted:
        try:
            key, sources = cache_key(name, root)
        except SourceFileError as exc:
            error = f"simulation '{name}' (simulations/{name}.py) cannot be read: {exc}"
            outcomes.append(Outcome(name, "failed", 0.0, error))
            report(f"  FAILED  {name}")
            continue
        record = index.get(name)
        current = record is not None and record["key"] == key
        problems = []
        if current:
            kinds = [k for k in record["files"] if k != "prov.json"]
            problems = _file_problems(cache_dir, name, record, kinds)
            if problems:
                report(f"  cache   {name}: {'; '.join(problems)}; rebuilding")
        if current and not problems and check:
            baseline[name] = {k: v for k, v in record["files"].items() if k != "prov.json"}
        if force or check or not current or problems:
            stale[name] = (key, sources)
        else:
            outcomes.append(Outcome(name, "reused", 0.0))
            report(f"  reused  {name}")

    if stale:
        # Spawned workers copy the parent's sys.path, which may have found the project only
        # through an entry a host added for a moment (MkDocs loading hooks.py): make it explicit.
        if str(root) not in sys.path:
            sys.path.insert(0, str(root))
        tasks = [*stale, *(n for n in stale if check and n not in baseline)]
        workers = max(1, min(jobs or os.cpu_count() or 1, len(tasks)))
        first: dict[str, dict] = {}  # check: the first of two runs of a figure
        cached = set(baseline)  # check: figures whose verified cache is the reference
        for name, out in _run_workers(tasks, size=workers, limit=limit, fresh=check, root=root):
            seconds = out.get("seconds_worker", out.get("timeout", 0.0))
            error = _failure(name, out, limit)
            if error:
                if any(o.name == name for o in outcomes):
                    continue  # the other run of a checked figure failed already
                outcomes.append(Outcome(name, "failed", seconds, error))
                report(f"  FAILED  {name}")
                continue
            digests = {kind: _sha256(data) for kind, data in out["outputs"].items()}
            if check:
                if name not in baseline:  # no verified bytes yet: compare two fresh runs
                    if name not in first:
                        first[name] = out
                        continue
                    baseline[name] = {k: _sha256(d) for k, d in first[name]["outputs"].items()}
                differ = _differences(baseline[name], digests)
                if differ:
                    error = (
                        f"simulation '{name}' (simulations/{name}.py) is not deterministic: "
                        f"two runs with seed {out['params'].get('seed')} gave different "
                        f"{', '.join(differ)}; draw every random number from the rng passed "
                        "to simulate(), and let no output depend on the clock, set order or "
                        "object ids. Nothing was recorded."
                    )
                    if not any(o.name == name for o in outcomes):
                        outcomes.append(Outcome(name, "failed", seconds, error))
                        report(f"  FAILED  {name} (not deterministic)")
                    continue
                if name in cached:
                    if not any(o.name == name for o in outcomes):
                        outcomes.append(Outcome(name, "checked", seconds))
                        report(f"  checked {name}  (same bytes as the verified cache)")
                    continue
            key, sources = stale[name]
            for kind, data in out["outputs"].items():
                write_atomic(cache_dir / f"{name}.{kind}", data)
            index[name] = {
                "format": FORMAT,
                "key": key,
                "script": f"simulations/{name}.py",
                "sources": sources,
                "versions": library_versions(),
                "params": out["params"],
                "meta": out["meta"],
                "files": digests,
                "svg_sha256": digests["svg"],
                "svg_bytes": len(out["outputs"]["svg"]),
                "csv_sha256": digests["csv"],
                "csv_bytes": len(out["outputs"]["csv"]),
                **_values_record(out["outputs"].get("values.json")),
                "variants": variant_sizes(out["outputs"]),
                "seconds_simulate": out["seconds_simulate"],
                "seconds_plot": out["seconds_plot"],
                "seconds_save": out["seconds_save"],
                "seconds_explore": out["seconds_explore"],
            }
            for optional in ("values.json", "explore.json"):
                if optional not in digests:  # the module no longer exports it
                    (cache_dir / f"{name}.{optional}").unlink(missing_ok=True)
            _save_index(cache_dir, index)  # recorded only after the outputs are in place
            outcomes.append(Outcome(name, "ran", seconds))
            for kind, problems in sorted(out.get("layout", {}).items()):
                for problem in problems:
                    report(f"  layout  {name}.{kind}: {problem}")
            report(
                f"  ran     {name}  ({seconds:.2f} s: simulate "
                f"{out['seconds_simulate']:.2f} s, plot {out['seconds_plot']:.2f} s"
                + (f", explore {out['seconds_explore']:.2f} s" if "explore.json" in digests else "")
                + ")"
                + ("; same bytes twice" if check else "")
            )

    write_provenance(cache_dir, index, [n for n in wanted if n in index], root, report)
    counts = {s: sum(o.status == s for o in outcomes) for s in ("ran", "reused", "failed")}
    checked = sum(o.status == "checked" for o in outcomes)
    report(
        f"figures: {counts['ran']} ran, {counts['reused']} reused, {counts['failed']} failed"
        + (f", {checked} checked" if check else "")
        + f" in {time.perf_counter() - start:.2f} s"
    )
    failed = [o for o in outcomes if o.status == "failed"]
    if failed:
        raise SimulationFailed("\n\n".join(o.error for o in failed))
    return outcomes


def write_provenance(
    cache_dir: Path,
    index: dict[str, dict],
    names: list[str],
    root: Path = ROOT,
    report: Callable[[str], None] = print,
) -> None:
    """(Re)write each figure's PROV-JSON record when it is due, recording its SHA-256.

    A record depends only on the run's key and the epoch: it is rewritten when either
    changed, or when the cached file no longer matches the digest recorded for it.
    """
    sde = source_date_epoch(root) if names else 0
    due = []
    for name in names:
        record = index[name]
        stamp = f"{record['key']}@{sde}"
        if record.get("prov_stamp") == stamp and "prov.json" in record["files"]:
            problems = _file_problems(cache_dir, name, record, ["prov.json"])
            if not problems:
                continue
            report(f"  cache   {name}: {problems[0]}; rewriting it")
        due.append((name, stamp))
    if not due:
        return
    # Imported only when a record is due.
    from simulations.engine.provenance_record import build_record

    for name, stamp in due:
        data = build_record(name, index[name], sde).encode("utf-8")
        write_atomic(cache_dir / f"{name}.prov.json", data)
        index[name]["files"]["prov.json"] = _sha256(data)
        index[name]["prov_stamp"] = stamp
    _save_index(cache_dir, index)
