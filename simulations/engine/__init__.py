"""The machinery behind the figures: run the stale ones, cache them, write their outputs.

The figure modules in ``simulations/`` answer the questions; this package runs them.
``runner`` decides what is stale (``dependencies`` finds the local code a module
imports), runs each module in a worker under a time limit and records the result;
``outputs`` turns a finished figure into SVG and CSV bytes; ``provenance_record`` writes
the PROV-JSON beside them; ``contract`` is what every figure module must expose and ``values`` formats the named
numbers they export; ``explore`` evaluates an explorable figure over its sliders' grid;
``build_lock`` keeps two builds out of one folder; ``bench`` measures the pipeline
(``make bench``). Run ``python -m simulations --help``.
"""

from simulations.engine.build_lock import BuildLocked, build_lock
from simulations.engine.contract import (
    ContractError,
    Curve,
    Explorable,
    Explored,
    FigureMeta,
    Slider,
    Value,
    check_module,
    closed_form,
    grid,
    parameter,
    simulated,
)
from simulations.engine.dependencies import SourceFileError
from simulations.engine.runner import (
    DEFAULT_CACHE,
    DEFAULT_TIMEOUT,
    Outcome,
    SimulationFailed,
    figure_names,
    load_index,
    run,
    source_date_epoch,
    time_limit,
)

__all__ = [
    "DEFAULT_CACHE",
    "DEFAULT_TIMEOUT",
    "BuildLocked",
    "ContractError",
    "Curve",
    "Explorable",
    "Explored",
    "FigureMeta",
    "Outcome",
    "SimulationFailed",
    "Slider",
    "SourceFileError",
    "Value",
    "build_lock",
    "check_module",
    "closed_form",
    "figure_names",
    "grid",
    "load_index",
    "parameter",
    "run",
    "simulated",
    "source_date_epoch",
    "time_limit",
]
