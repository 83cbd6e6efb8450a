"""Explorables, in plain Python: the grid, the contract checks, and each figure's data file
(deterministic bytes, shape, readouts equal to the module's closed forms)."""

from __future__ import annotations

import gzip
import importlib
import itertools
import json
import math
from types import SimpleNamespace

import numpy as np
import pytest

from simulations.engine import (
    ContractError,
    Curve,
    Explorable,
    Explored,
    Slider,
    check_module,
    closed_form,
    grid,
)
from simulations.engine.explore import evaluate, explore_json, readout_text
from tests.explore.closed_forms import EXPLORABLES, closed_form_readouts

#: Budget of one explorable, script and data together (issue 22).
BUDGET = 40 * 1024


@pytest.fixture(scope="module", params=EXPLORABLES)
def explorable(request):
    module = importlib.import_module(f"simulations.{request.param}")
    text = explore_json(request.param, module)
    return SimpleNamespace(name=request.param, module=module, text=text, doc=json.loads(text))


def test_grid_is_inclusive_exact_and_keeps_whole_numbers():
    assert grid(10, 50, 5) == (10, 15, 20, 25, 30, 35, 40, 45, 50)
    assert all(isinstance(v, int) for v in grid(10, 50, 5))
    shares = grid(0.05, 1, 0.05)
    assert len(shares) == 20 and shares[5] == 0.3 and shares[-1] == 1.0
    with pytest.raises(ContractError, match="step > 0"):
        grid(1, 0, 0.1)


def _module(**changes):
    """A stand-in figure module with a one-slider explorable (changes replace its parts)."""
    from dataclasses import dataclass

    @dataclass(frozen=True)
    class Params:
        seed: int = 3
        a: float = 1.0

    def explore(params, rng):
        x = (0.0, 1.0, 2.0)
        return Explored(
            curves=(Curve("a·x", x, tuple(params.a * v for v in x)),),
            readout={"slope": closed_form(params.a, "slope of the line", fmt=".2f")},
        )

    parts = {
        "__name__": "simulations.stand_in",
        "PARAMS": Params(),
        "META": SimpleNamespace(title="Stand-in"),
        "EXPLORE": Explorable(
            sliders=(Slider("a", "slope a", (0.5, 1.0, 2.0)),), x_label="x", y_label="y"
        ),
        "explore": explore,
        **changes,
    }
    return SimpleNamespace(**parts)


def test_evaluate_calls_explore_at_every_grid_point():
    points = evaluate(_module())
    assert [combo for combo, _ in points] == [(0.5,), (1.0,), (2.0,)]
    assert [p.readout["slope"].value for _, p in points] == [0.5, 1.0, 2.0]


def test_a_readout_whose_description_changes_with_the_point_is_refused():
    base = _module().explore

    def drifting(params, rng):
        point = base(params, rng)
        return Explored(point.curves, {"slope": closed_form(params.a, f"slope at a = {params.a}")})

    with pytest.raises(ContractError, match="same curves and readout names, descriptions"):
        evaluate(_module(explore=drifting))


def test_a_non_finite_curve_is_refused_naming_it():
    def broken(params, rng):
        return Explored((Curve("bad", (0.0, 1.0), (0.0, math.inf)),), {})

    with pytest.raises(ContractError, match="not a finite number"):
        explore_json("stand_in", _module(explore=broken))


def test_check_module_names_a_slider_that_is_not_a_parameter():
    from simulations import gaussian_collapse

    stand_in = SimpleNamespace(**vars(gaussian_collapse))
    stand_in.EXPLORE = Explorable(
        sliders=(Slider("sample_size", "n", (1, 2)),), x_label="x", y_label="y", marker="t"
    )
    with pytest.raises(ContractError) as info:
        check_module(stand_in)
    assert "slider 'sample_size' is not a field of PARAMS" in str(info.value)
    assert "EXPLORE.marker 't' names no slider" in str(info.value)


def test_data_file_is_byte_reproducible_and_compact(explorable):
    assert explore_json(explorable.name, explorable.module) == explorable.text
    assert explorable.text.endswith("\n") and "\n" not in explorable.text[:-1]
    size = len(gzip.compress(explorable.text.encode(), mtime=0))
    print(f"{explorable.name}.explore.json: {len(explorable.text):,} bytes, {size:,} gzip")
    assert size < BUDGET - 8 * 1024  # leaves room for the script within the budget


def test_data_file_has_a_point_per_grid_combination(explorable):
    doc = explorable.doc
    sliders = explorable.module.EXPLORE.sliders
    assert 1 <= len(doc["sliders"]) <= 2
    assert len(doc["points"]) == math.prod(len(s.values) for s in sliders)
    for s, published in zip(sliders, doc["sliders"], strict=True):
        assert published["values"] == list(s.values)
        assert published["values"][published["start"]] == getattr(explorable.module.PARAMS, s.name)
        assert len(published["texts"]) == len(s.values)
    for row in doc["points"]:
        curves = doc["curves"][row["c"]]
        assert len(curves) == len(doc["series"])
        assert all(len(x) == len(y) >= 2 for x, y in curves)
        assert len(row["r"]) == len(doc["readout"])
    assert {r["kind"] for r in doc["readout"]} <= {"closed form", "simulated (± SE)"}


def test_readouts_equal_the_modules_closed_forms(explorable):
    import dataclasses

    doc, module = explorable.doc, explorable.module
    sliders = module.EXPLORE.sliders
    names = [r["name"] for r in doc["readout"]]
    combos = list(itertools.product(*(s.values for s in sliders)))
    for index in (0, len(combos) // 3, len(combos) // 2, len(combos) - 1):
        point = dict(zip((s.name for s in sliders), combos[index], strict=True))
        params = dataclasses.replace(module.PARAMS, **point)
        shown = dict(zip(names, doc["points"][index]["r"], strict=True))
        expected = closed_form_readouts(explorable.name, params)
        assert expected and {k: shown[k] for k in expected} == expected, point


def test_simulated_readouts_show_their_standard_error(explorable):
    simulated = [i for i, r in enumerate(explorable.doc["readout"]) if r["kind"].startswith("sim")]
    for row in explorable.doc["points"]:
        assert all(" ± " in row["r"][i] for i in simulated)


def test_readout_text_writes_the_unit_and_the_standard_error():
    from simulations.engine import simulated

    assert readout_text(closed_form(2897.6, "tokens", unit="tokens", fmt=",")) == "2,898 tokens"
    assert readout_text(simulated(-2.1712, 0.0213, 400, "log variance", fmt=".2f")) == (
        "\u22122.17 ± 0.021"
    )


def test_gaussian_points_use_the_seed_rule():
    """A grid point's simulation is the module's own, seeded from PARAMS.seed alone."""
    import dataclasses

    from simulations import gaussian_collapse as g

    params = dataclasses.replace(g.PARAMS, n=30, generations=50)
    a = g.explore(params, np.random.default_rng(params.seed)).readout["log_var_mle_end_sim"]
    doc = json.loads(explore_json("gaussian_collapse", g))
    combos = list(itertools.product(*(s.values for s in g.EXPLORE.sliders)))
    row = doc["points"][combos.index((30, 50))]
    assert row["r"][[r["name"] for r in doc["readout"]].index("log_var_mle_end_sim")] == (
        readout_text(a)
    )
