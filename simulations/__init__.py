"""Simulations that make the essays' figures, and the runner that keeps them current.

Each public module here (a name not starting with ``_``) answers one question and follows
the contract in :mod:`simulations._contract`. Run ``python -m simulations --help``.
"""

from simulations._build_lock import BuildLocked, build_lock
from simulations._contract import (
    ContractError,
    FigureMeta,
    Value,
    check_module,
    closed_form,
    parameter,
    simulated,
)
from simulations._deps import SourceFileError
from simulations._runner import (
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
    "FigureMeta",
    "Outcome",
    "SimulationFailed",
    "SourceFileError",
    "Value",
    "build_lock",
    "check_module",
    "closed_form",
    "figure_names",
    "load_index",
    "parameter",
    "run",
    "simulated",
    "source_date_epoch",
    "time_limit",
]
