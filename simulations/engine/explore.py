"""Explorables: evaluate a figure module over its sliders' grid and write the data file.

A module that declares ``EXPLORE`` (an :class:`~simulations.engine.contract.Explorable`)
and ``explore(params, rng)`` gets ``<name>.explore.json`` beside its figure: for every
grid point, the chart's curves and the readout, already formatted. The page's script
(``docs/javascripts/explore-view.js``) only looks a point up and draws it, so every
number a reader sees comes from Python, as the static figure's do.

The file is byte-reproducible: keys sorted, no whitespace, every curve ordinate rounded
to :data:`SIGNIFICANT` significant figures (what a chart a few hundred pixels tall can
show) and written by ``repr``; each grid point's generator is seeded from
``PARAMS.seed`` alone, so a point gives the same numbers whatever the grid around it.
Curves shared by several points (a curve that depends on one slider only) are stored
once and referred to by index.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import math
from types import ModuleType

import numpy as np

from simulations.engine.contract import (
    ContractError,
    Curve,
    Explorable,
    Explored,
    Value,
    check_values,
)
from simulations.engine.values import format_number, parse_format

__all__ = ["FORMAT", "SIGNIFICANT", "evaluate", "explore_json", "readout_text", "slider_text"]

#: Layout version of ``<name>.explore.json`` (the script checks it).
FORMAT = 1
#: Significant figures kept of every curve ordinate and abscissa.
SIGNIFICANT = 4
#: Most points a curve keeps (evenly thinned, ends kept): a chart is ~600 px wide.
MAX_CURVE_POINTS = 41
SE_FORMAT = "2 sig"


def _round(x: float) -> float | int:
    """``x`` to SIGNIFICANT significant figures; a whole number as an int (shorter JSON)."""
    if not math.isfinite(x):
        raise ContractError(f"an explorable's curve or axis holds {x!r}, not a finite number")
    r = float(f"{x:.{SIGNIFICANT}g}")
    return int(r) if r.is_integer() and abs(r) < 1e15 else r


def _thin(x: tuple[float, ...], y: tuple[float, ...]) -> tuple[list[float], list[float]]:
    """At most MAX_CURVE_POINTS points, evenly spaced by index, first and last kept."""
    if len(x) <= MAX_CURVE_POINTS:
        keep = range(len(x))
    else:
        keep = sorted(
            {round(i * (len(x) - 1) / (MAX_CURVE_POINTS - 1)) for i in range(MAX_CURVE_POINTS)}
        )
    return [_round(float(x[i])) for i in keep], [_round(float(y[i])) for i in keep]


def slider_text(value: float, unit: str, fmt: str) -> str:
    """A slider value in words, for its label and ``aria-valuetext`` (``"20 points"``)."""
    text = format_number(float(value), fmt)
    return f"{text} {unit}" if unit else text


def readout_text(v: Value) -> str:
    """A readout value as the page shows it: ``"0.358"``, ``"−2.17 ± 0.021"``, with unit."""
    text = format_number(v.value, v.fmt)
    if v.kind == "simulated":
        text += " ± " + format_number(v.se, SE_FORMAT)
    return f"{text} {v.unit}" if v.unit else text


def evaluate(module: ModuleType) -> list[tuple[tuple[float, ...], Explored]]:
    """Call ``module.explore`` at every grid point, row-major over the sliders.

    Each call gets ``PARAMS`` with the sliders' fields replaced and a new generator
    seeded from ``PARAMS.seed`` (the figure's seed rule, NEP 19).

    Raises:
        ContractError: a point's result is not an :class:`Explored`, its readout breaks
            the value rules, or its curves or readout names differ from the first point's.
    """
    name = module.__name__.rsplit(".", 1)[-1]
    explore: Explorable = module.EXPLORE
    fields = [s.name for s in explore.sliders]
    out = []
    first: Explored | None = None
    for combo in itertools.product(*(s.values for s in explore.sliders)):
        params = dataclasses.replace(module.PARAMS, **dict(zip(fields, combo, strict=True)))
        where = f"simulations/{name}.py: explore() at {dict(zip(fields, combo, strict=True))}"
        point = module.explore(params, np.random.default_rng(params.seed))
        if not isinstance(point, Explored) or not all(isinstance(c, Curve) for c in point.curves):
            raise ContractError(f"{where} must return Explored(curves=(Curve, ...), readout=)")
        try:
            check_values(name, point.readout)
        except ContractError as exc:
            raise ContractError(f"{where}: {exc}") from None
        for key, v in point.readout.items():
            if v.kind == "parameter":
                raise ContractError(f"{where}: readout '{key}' must be closed form or simulated")
            parse_format(v.fmt)
        for c in point.curves:
            if len(c.x) != len(c.y) or len(c.x) < 2:
                raise ContractError(f"{where}: curve '{c.label}' needs matching x and y, 2+ points")
            if c.kind not in ("closed form", "simulated"):
                raise ContractError(f"{where}: curve '{c.label}' has unknown kind {c.kind!r}")
        if first is None:
            first = point
        elif [(c.label, c.kind) for c in point.curves] != [
            (c.label, c.kind) for c in first.curves
        ] or [(k, v.description, v.kind) for k, v in point.readout.items()] != [
            (k, v.description, v.kind) for k, v in first.readout.items()
        ]:
            raise ContractError(
                f"{where}: every grid point must return the same curves and readout names, "
                "descriptions and kinds, in the same order, as the first (the page labels "
                "them once; say the parameters in the sliders, not in a description)"
            )
        out.append((combo, point))
    return out


def _ticks(lo: float, hi: float, log: bool) -> list[list]:
    """Tick values and their labels for an axis spanning [lo, hi]."""
    from matplotlib.ticker import LogLocator, MaxNLocator

    if log:
        values = LogLocator(base=10, numticks=8).tick_values(lo, hi)
    else:
        values = MaxNLocator(nbins=5).tick_values(lo, hi)
    span = (hi - lo) or 1.0
    kept = [float(v) for v in values if lo - 1e-9 * span <= v <= hi + 1e-9 * span]
    return [[_round(v), f"{_round(v):g}".replace("-", "\u2212")] for v in kept]


def _range(values: list[float], log: bool) -> list[float]:
    finite = [v for v in values if v > 0] if log else values
    lo, hi = min(finite), max(finite)
    if not log:  # a linear axis starts at zero, so heights compare honestly
        lo, hi = min(lo, 0.0), max(hi, 0.0)
    if lo == hi:
        lo, hi = (lo / 2, hi * 2) if log else (lo - 1, hi + 1)
    return [_round(lo), _round(hi)]


def explore_json(name: str, module: ModuleType) -> str:
    """The text of ``<name>.explore.json`` (see the module docstring for its rules)."""
    explore: Explorable = module.EXPLORE
    points = evaluate(module)
    first = points[0][1]
    curve_sets: list[list] = []
    seen: dict[str, int] = {}
    rows = []
    xs: list[float] = []
    ys: list[float] = []
    for _combo, point in points:
        curves = [list(_thin(tuple(c.x), tuple(c.y))) for c in point.curves]
        for cx, cy in curves:
            xs += cx
            ys += cy
        key = json.dumps(curves)
        if key not in seen:
            seen[key] = len(curve_sets)
            curve_sets.append(curves)
        rows.append(
            {
                "c": seen[key],
                "r": [readout_text(v) for v in point.readout.values()],
            }
        )
    if explore.marker:
        marked = next(s for s in explore.sliders if s.name == explore.marker)
        xs += [float(v) for v in marked.values]
    x_range, y_range = _range(xs, explore.x_log), _range(ys, explore.y_log)
    defaults = []
    for s in explore.sliders:
        current = getattr(module.PARAMS, s.name)
        defaults.append(list(s.values).index(current) if current in s.values else 0)
    doc = {
        "figure": name,
        "format": FORMAT,
        "title": explore.title or module.META.title,
        "sliders": [
            {
                "name": s.name,
                "label": s.label,
                "values": [_round(float(v)) for v in s.values],
                "texts": [slider_text(v, s.unit, s.fmt) for v in s.values],
                "start": start,
            }
            for s, start in zip(explore.sliders, defaults, strict=True)
        ],
        "marker": [s.name for s in explore.sliders].index(explore.marker) if explore.marker else -1,
        "x": {
            "label": explore.x_label,
            "log": explore.x_log,
            "range": x_range,
            "ticks": _ticks(*x_range, explore.x_log),
        },
        "y": {
            "label": explore.y_label,
            "log": explore.y_log,
            "range": y_range,
            "ticks": _ticks(*y_range, explore.y_log),
        },
        "series": [{"label": c.label, "kind": c.kind} for c in first.curves],
        "readout": [
            {
                "name": key,
                "label": v.description,
                "kind": "simulated (± SE)" if v.kind == "simulated" else "closed form",
            }
            for key, v in first.readout.items()
        ],
        "curves": curve_sets,
        "points": rows,
    }
    return json.dumps(doc, sort_keys=True, separators=(",", ":"), ensure_ascii=False) + "\n"
