"""`make bench` for figures: what the pipeline costs beyond the simulations themselves.

Works on a scratch copy of the project so the real cache is untouched. Prints:
- a cold run (empty cache), a warm run (nothing changed) and a run after one simulation
  changed: figures run and wall seconds for each;
- the sum of the raw simulate() and plot() times, and the ideal parallel time
  (that sum ÷ cores), so the pipeline's overhead is visible;
- the same simulations executed as Jupyter notebooks through a kernel, one notebook
  per figure (how a notebook-based site would build them), for comparison.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from simulations.engine.dependencies import ROOT
from simulations.engine.runner import figure_names

COPY = ("simulations", "provenance")


def _scratch_project(where: Path) -> Path:
    for name in COPY:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, where / name, ignore=shutil.ignore_patterns("__pycache__"))
    return where


def _timed_run(root: Path, *args: str) -> tuple[float, int, str]:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "simulations", *args],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"benchmark run failed:\n{proc.stdout}\n{proc.stderr}")
    ran = sum(1 for line in proc.stdout.splitlines() if line.strip().startswith("ran "))
    return wall, ran, proc.stdout


def _notebook_time(root: Path, names: list[str]) -> float:
    import nbformat
    from nbclient import NotebookClient

    start = time.perf_counter()
    for name in names:
        nb = nbformat.v4.new_notebook()
        nb.cells = [
            nbformat.v4.new_code_cell(
                f"import sys; sys.path.insert(0, {str(root)!r})\n"
                "import numpy as np, matplotlib\n"
                "from simulations import _style\n"
                f"from simulations import {name} as m"
            ),
            nbformat.v4.new_code_cell(
                "result = m.simulate(m.PARAMS, np.random.default_rng(m.PARAMS.seed))"
            ),
            nbformat.v4.new_code_cell(
                "import io\nwith matplotlib.rc_context(_style.RC):\n"
                "    fig = m.plot(result)\n    fig.savefig(io.BytesIO(), format='svg')"
            ),
        ]
        NotebookClient(nb, timeout=600, kernel_name="python3").execute()
    return time.perf_counter() - start


def main() -> None:
    cores = os.cpu_count() or 1
    names = figure_names()
    print(f"figure pipeline benchmark: {len(names)} figures, {cores} cores")
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        root = _scratch_project(Path(tmp))
        cold, ran_cold, _ = _timed_run(root)
        warm, ran_warm, _ = _timed_run(root)
        target = root / "simulations" / f"{names[0]}.py"
        target.write_text(target.read_text() + "\n# benchmark edit\n")
        one, ran_one, _ = _timed_run(root)
        index = json.loads((root / ".cache" / "figures" / "index.json").read_text())
        raw_sim = sum(index[n]["seconds_simulate"] for n in names)
        raw_plot = sum(index[n]["seconds_plot"] for n in names)
        raw = raw_sim + raw_plot
        ideal = raw / cores
        print(f"  cold run (empty cache):      {ran_cold:2d} figures run  {cold:6.2f} s")
        print(
            f"  warm run (nothing changed):  {ran_warm:2d} figures run  {warm:6.2f} s   (target ≤ 0.5 s)"
        )
        print(f"  after editing {names[0]}: {ran_one:2d} figures run  {one:6.2f} s")
        print(
            f"  raw simulate() sum {raw_sim:.2f} s + plot() sum {raw_plot:.2f} s = {raw:.2f} s; ÷ {cores} cores = {ideal:.2f} s"
        )
        print(
            f"  cold target 1.5 × {ideal:.2f} + 1 = {1.5 * ideal + 1:.2f} s; overhead over ideal {cold - ideal:+.2f} s"
        )
        save = sum(index[n].get("seconds_save", 0.0) for n in names)
        print(
            f"  SVG and CSV serialisation, not part of simulate()/plot(): {save:.2f} s summed over figures"
        )
        explored = {
            n: index[n].get("seconds_explore", 0.0)
            for n in names
            if "explore.json" in index[n]["files"]
        }
        print(
            f"  explorables (grid evaluation, same workers): {sum(explored.values()):.2f} s "
            f"summed over {len(explored)} figures ("
            + ", ".join(f"{n} {s:.2f} s" for n, s in sorted(explored.items()))
            + ")"
        )
        print("  per figure (simulate + plot, one core):")
        for n in sorted(
            names, key=lambda n: -(index[n]["seconds_simulate"] + index[n]["seconds_plot"])
        ):
            s, p = index[n]["seconds_simulate"], index[n]["seconds_plot"]
            print(f"    {n:28} {s + p:5.2f} s  (simulate {s:.2f}, plot {p:.2f})")
        if "--no-notebooks" not in sys.argv:
            nb = _notebook_time(root, names)
            print(
                f"  same simulations as notebooks through a Jupyter kernel: {nb:6.2f} s "
                f"({nb / cold:.1f}× the cold pipeline run)"
            )


if __name__ == "__main__":
    main()
