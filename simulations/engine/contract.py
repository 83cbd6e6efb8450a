"""The contract every figure module in `simulations/` follows.

A figure module answers one question and exposes exactly:

- ``PARAMS``: a frozen dataclass instance holding every parameter, ``seed`` included.
- ``META``: a :class:`FigureMeta` with the title, caption, alt text and embedding essay.
- ``simulate(params, rng) -> result``: pure numpy; the ``numpy.random.Generator`` is
  passed in (NEP 19) and never created inside; vectorised over replicates.
- ``plot(result) -> matplotlib.figure.Figure``: object API only (no ``pyplot``), with
  the closed-form curve drawn beside the simulated one where one exists.

Neither function does I/O: the runner seeds the generator from ``PARAMS.seed``, saves
the SVG, extracts the plotted data for the CSV and writes the provenance record.
Modules whose names start with ``_`` are infrastructure, not figures.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from types import ModuleType


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
    if problems:
        raise ContractError(
            f"simulations/{name}.py does not follow the figure contract: " + "; ".join(problems)
        )
