"""The contract every figure module in `simulations/` follows.

A figure module answers one question and exposes exactly:

- ``PARAMS``: a frozen dataclass instance holding every parameter, ``seed`` included.
- ``META``: a :class:`FigureMeta` with the title, caption, alt text and embedding essay.
- ``simulate(params, rng) -> result``: pure numpy; the ``numpy.random.Generator`` is
  passed in (NEP 19) and never created inside; vectorised over replicates.
- ``plot(result) -> matplotlib.figure.Figure``: object API only (no ``pyplot``), with
  the closed-form curve drawn beside the simulated one where one exists.

and may expose:

- ``EXPLORE`` and ``explore(params, rng) -> Explored``: an *explorable*, one or two
  parameters a reader moves in the page (see :class:`Explorable`). The runner calls
  ``explore`` at every point of the sliders' grid, in the same worker and run as the
  figure, each time with ``PARAMS`` changed at the sliders' fields and a generator seeded
  from ``PARAMS.seed``, and writes ``<name>.explore.json`` (curves and formatted readout
  of every grid point) beside the figure. The browser only looks values up in it.

- ``values(params, result) -> dict[str, Value]``: the named numbers the essays quote,
  each made with :func:`closed_form`, :func:`simulated` or :func:`parameter`. The runner
  calls it in the same worker, after ``simulate`` and under the same cache key, writes
  ``<name>.values.json`` beside the SVG and CSV, and fails the run when a simulated value
  lies more than :data:`MAX_STANDARD_ERRORS` standard errors from the closed form it
  names in ``check``. Essays quote a value as ``[[value: <module>.<name>]]``; META's
  caption and alt text may quote the module's own values as ``[[value: <name> | fmt]]``
  and are formatted from them by the runner, so no computed number is typed twice.

Neither function does I/O: the runner seeds the generator from ``PARAMS.seed``, saves
the SVG, extracts the plotted data for the CSV and writes the provenance record.
Modules whose names start with ``_`` are infrastructure, not figures.
"""

from __future__ import annotations

import dataclasses
import math
import re
from dataclasses import dataclass
from types import ModuleType

#: A simulated value this many standard errors or more from its closed form fails the run.
MAX_STANDARD_ERRORS = 4.0
#: Value names: what follows ``<module>.`` in ``[[value: ...]]``.
VALUE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
VALUE_KINDS = ("closed form", "simulated", "parameter")


@dataclass(frozen=True)
class FigureMeta:
    """What a reader sees around a figure.

    Attributes:
        title: A short title (a noun phrase, no final full stop).
        caption: One to three sentences saying what is drawn and what to notice; it
            states every assumption a reader needs (parameters, seed, replicates).
        alt: Alt text describing what the figure *shows* (trend, crossing, scale), for a
            reader who cannot see it. Never a file name, never empty.
        essay: The docs-relative path of the essay that embeds the figure,
            e.g. ``"essays/copy-of-a-copy.md"``.
    """

    title: str
    caption: str
    alt: str
    essay: str


@dataclass(frozen=True)
class Value:
    """One named number a figure module exports for the essays (make it with the helpers).

    Attributes:
        kind: ``"closed form"`` (computed exactly from the parameters), ``"simulated"``
            (a Monte Carlo estimate) or ``"parameter"`` (an input, quoted as is).
        value: the number at full precision.
        description: one line saying what the number is (shown in its popover).
        unit: its unit, or ``""`` for a pure number or ratio.
        fmt: the default format in the value mini-language (``".3f"``, ``"3 sig"``,
            ``".1%"``, ``","``; see :mod:`simulations.engine.values`).
        se: standard error of a simulated value (0 for the others).
        replicates: independent replicates behind a simulated value (0 for the others).
        check: for a simulated value, the name of the closed-form value of the same
            module it estimates; the run fails when they differ by more than
            :data:`MAX_STANDARD_ERRORS` standard errors.
        derivation: docs-relative link to where the closed form is derived, e.g.
            ``"derivations/gaussian-refitting.md#variance"`` (optional).
    """

    kind: str
    value: float
    description: str
    unit: str = ""
    fmt: str = "3 sig"
    se: float = 0.0
    replicates: int = 0
    check: str = ""
    derivation: str = ""


def closed_form(
    value: float, description: str, *, unit: str = "", fmt: str = "3 sig", derivation: str = ""
) -> Value:
    """A number computed exactly from the parameters (a formula, not a simulation)."""
    return Value("closed form", float(value), description, unit, fmt, derivation=derivation)


def simulated(
    value: float,
    se: float,
    replicates: int,
    description: str,
    *,
    unit: str = "",
    fmt: str = "3 sig",
    check: str = "",
) -> Value:
    """A Monte Carlo estimate with its standard error over ``replicates`` independent runs."""
    return Value(
        "simulated", float(value), description, unit, fmt, float(se), int(replicates), check
    )


def parameter(value: float, description: str, *, unit: str = "", fmt: str = "3 sig") -> Value:
    """An input of the simulation, quoted as it is set in ``PARAMS``."""
    return Value("parameter", float(value), description, unit, fmt)


def check_values(module_name: str, values: object) -> None:
    """Raise :class:`ContractError` if ``values()`` returned something the site cannot publish.

    Also fails when a simulated value is further than :data:`MAX_STANDARD_ERRORS` standard
    errors from the closed form it names, naming both.
    """
    where = f"simulations/{module_name}.py: values()"
    if not isinstance(values, dict):
        raise ContractError(f"{where} must return a dict of name -> Value")
    problems: list[str] = []
    for name, v in values.items():
        if not isinstance(name, str) or not VALUE_NAME.match(name):
            problems.append(f"{name!r} is not a value name (lower case, digits, underscores)")
            continue
        if not isinstance(v, Value):
            problems.append(f"'{name}' must be made with closed_form(), simulated() or parameter()")
            continue
        if v.kind not in VALUE_KINDS:
            problems.append(f"'{name}' has unknown kind {v.kind!r}")
        if not math.isfinite(v.value):
            problems.append(f"'{name}' is not a finite number ({v.value!r})")
        if not v.description.strip():
            problems.append(f"'{name}' has no description")
        if v.kind == "simulated" and (not math.isfinite(v.se) or v.se < 0 or v.replicates < 1):
            problems.append(f"'{name}' needs a finite standard error and replicates >= 1")
    if problems:
        raise ContractError(f"{where}: " + "; ".join(problems))
    for name, v in values.items():
        if not v.check:
            continue
        target = values.get(v.check)
        if target is None or target.kind != "closed form":
            raise ContractError(
                f"{where}: '{name}' is checked against '{v.check}', which is not a closed-form "
                "value of this module"
            )
        gap = abs(v.value - target.value)
        if gap > MAX_STANDARD_ERRORS * v.se:
            within = f"{gap / v.se:.1f} standard errors" if v.se > 0 else "a zero standard error"
            raise ContractError(
                f"{where}: simulated value '{name}' = {v.value!r} (SE {v.se!r}, "
                f"{v.replicates} replicates) is {within} from closed form '{v.check}' = "
                f"{target.value!r}; the limit is {MAX_STANDARD_ERRORS:g}. Fix the simulation or "
                "the closed form, or run more replicates"
            )


@dataclass(frozen=True)
class Slider:
    """One explorable parameter: a field of ``PARAMS`` and the grid of values it takes.

    Attributes:
        name: the field of ``PARAMS`` the slider sets (e.g. ``"n"``).
        label: what the slider is called in the page (e.g. ``"sample size n"``).
        values: the grid, ascending; make an even one with :func:`grid`. Keep it
            modest (a dozen values): every grid point is computed at build time.
        unit: the unit said after a value (``"points"``, ``"tokens"``), or ``""``.
        fmt: how a value is written, in the value mini-language (``"d"``, ``".0%"``).
    """

    name: str
    label: str
    values: tuple[float, ...]
    unit: str = ""
    fmt: str = "3 sig"


def grid(start: float, stop: float, step: float) -> tuple[float, ...]:
    """``start``, ``start + step``, ... up to ``stop`` inclusive; whole numbers stay ints.

    Each value is computed as ``start + i * step`` and rounded to 10 decimals, so a grid
    such as ``grid(0.05, 1, 0.05)`` holds 0.3, not 0.30000000000000004.
    """
    if not step > 0 or stop < start:
        raise ContractError(f"grid({start!r}, {stop!r}, {step!r}): need step > 0 and stop >= start")
    count = math.floor((stop - start) / step + 1e-9) + 1
    whole = all(float(v).is_integer() for v in (start, stop, step))
    return tuple(
        round(start + i * step) if whole else round(start + i * step, 10) for i in range(count)
    )


@dataclass(frozen=True)
class Curve:
    """One line of an explorable's chart at one grid point.

    Attributes:
        label: the legend entry (the same at every grid point).
        x: abscissae, ascending.
        y: ordinates, one per abscissa (finite).
        kind: ``"closed form"`` (drawn dashed, as in the static figures) or
            ``"simulated"`` (drawn solid).
    """

    label: str
    x: tuple[float, ...]
    y: tuple[float, ...]
    kind: str = "closed form"


@dataclass(frozen=True)
class Explored:
    """What ``explore(params, rng)`` returns for one grid point.

    Attributes:
        curves: the chart's lines (same labels, in the same order, at every point).
        readout: the key numbers at this point, made with :func:`closed_form` or
            :func:`simulated` (same names at every point); each is shown with its kind.
    """

    curves: tuple[Curve, ...]
    readout: dict[str, Value]


@dataclass(frozen=True)
class Explorable:
    """A figure's explorable version: sliders, and how its chart is drawn.

    Attributes:
        sliders: one or two :class:`Slider`.
        x_label: the chart's horizontal axis label.
        y_label: its vertical axis label.
        x_log: logarithmic horizontal axis.
        y_log: logarithmic vertical axis.
        marker: the name of a slider whose value the chart marks on the horizontal
            axis (a vertical line), or ``""``.
        title: what the explorable shows, in a few words (the chart's accessible name).
    """

    sliders: tuple[Slider, ...]
    x_label: str
    y_label: str
    x_log: bool = False
    y_log: bool = False
    marker: str = ""
    title: str = ""


def check_explorable(module: ModuleType) -> list[str]:
    """What is wrong with a module's ``EXPLORE`` and ``explore`` (empty if it has none)."""
    explore = getattr(module, "EXPLORE", None)
    if explore is None:
        return []
    if not isinstance(explore, Explorable):
        return ["EXPLORE must be a simulations.engine.Explorable(sliders=..., x_label=, y_label=)"]
    problems = []
    if not callable(getattr(module, "explore", None)):
        problems.append("EXPLORE needs a function explore(params, rng) returning Explored")
    if not 1 <= len(explore.sliders) <= 2:
        problems.append("EXPLORE must have one or two sliders")
    params = getattr(module, "PARAMS", None)
    fields = (
        {f.name for f in dataclasses.fields(params)} if dataclasses.is_dataclass(params) else set()
    )
    names = [s.name for s in explore.sliders]
    for s in explore.sliders:
        if not isinstance(s, Slider):
            problems.append("each slider must be a simulations.engine.Slider")
            continue
        if s.name not in fields:
            problems.append(f"slider '{s.name}' is not a field of PARAMS")
        values = list(s.values)
        if len(values) < 2 or values != sorted(set(values)):
            problems.append(f"slider '{s.name}' needs two or more distinct values, ascending")
    if len(set(names)) != len(names):
        problems.append("two sliders set the same field")
    if explore.marker and explore.marker not in names:
        problems.append(f"EXPLORE.marker '{explore.marker}' names no slider")
    return problems


class ContractError(ValueError):
    """A figure module does not follow the contract; the message says how to fix it."""


def check_module(module: ModuleType) -> None:
    """Raise :class:`ContractError` naming the module and the missing or wrong part."""
    name = module.__name__.rsplit(".", 1)[-1]
    problems: list[str] = []
    params = getattr(module, "PARAMS", None)
    if params is None or not dataclasses.is_dataclass(params) or isinstance(params, type):
        problems.append("PARAMS must be an instance of a frozen dataclass")
    else:
        if not type(params).__dataclass_params__.frozen:
            problems.append("PARAMS's dataclass must be declared with frozen=True")
        if not hasattr(params, "seed"):
            problems.append("PARAMS must have a 'seed' field (an int)")
    meta = getattr(module, "META", None)
    if not isinstance(meta, FigureMeta):
        problems.append(
            "META must be a simulations.engine.FigureMeta(title=, caption=, alt=, essay=)"
        )
    else:
        for field in ("title", "caption", "essay"):
            if not getattr(meta, field).strip():
                problems.append(f"META.{field} is empty")
    for fn in ("simulate", "plot"):
        if not callable(getattr(module, fn, None)):
            problems.append(f"define a function {fn}()")
    if hasattr(module, "values") and not callable(module.values):
        problems.append("values, if present, must be a function values(params, result)")
    problems += check_explorable(module)
    if problems:
        raise ContractError(
            f"simulations/{name}.py does not follow the figure contract: " + "; ".join(problems)
        )
