"""The runner publishes a module's values: JSON beside the figure, in the PROV record,
deterministic, and a simulated value far from its closed form fails the run naming both."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.conftest import make_toy_project

pytestmark = pytest.mark.site

VALUES = """

from simulations.engine.contract import closed_form, parameter, simulated


def values(params, result):
    import numpy as np

    return {
        "points": parameter(params.points, "points on the line", fmt="d"),
        "slope": closed_form(SLOPE, "slope of the line", fmt=".2f"),
        "slope_sim": simulated(
            float(np.polyfit(result.x, result.y, 1)[0]) + OFFSET,
            0.01,
            params.replicates,
            "fitted slope",
            check="slope",
        ),
    }
"""


def _project(tmp_path, offset: float = 0.0):
    project = make_toy_project(tmp_path / "p")
    module = project.module("toy_line")
    source = module.read_text().replace(
        'caption="A toy figure used by the pipeline tests."',
        'caption="A toy figure with [[value: points]] points and slope [[value: slope]]."',
    )
    slope = "SLOPE = float(curve(1.0) - curve(0.0))\n"
    module.write_text(source + VALUES + f"\nOFFSET = {offset!r}\n" + slope)
    return project


def test_values_json_prov_record_and_caption(tmp_path):
    project = _project(tmp_path)
    project.run()
    data = (project.cache / "toy_line.values.json").read_bytes()
    doc = json.loads(data)
    assert doc["figure"] == "toy_line"
    assert set(doc["values"]) == {"points", "slope", "slope_sim"}
    assert doc["values"]["slope_sim"]["kind"] == "simulated"
    assert doc["values"]["slope_sim"]["replicates"] == 200
    record = json.loads((project.cache / "index.json").read_text())["toy_line"]
    assert record["values_sha256"] == hashlib.sha256(data).hexdigest()
    assert record["meta"]["caption"] == "A toy figure with 12 points and slope 2.00."
    prov = (project.cache / "toy_line.prov.json").read_text()
    assert "kb:figures/toy_line.values.json" in prov and record["values_sha256"] in prov
    assert not (project.cache / "toy_band.values.json").exists()  # no values(), no file

    again = _project(tmp_path / "again")
    again.run()
    assert (again.cache / "toy_line.values.json").read_bytes() == data


def test_removed_values_file_is_rebuilt(tmp_path):
    project = _project(tmp_path)
    project.run()
    (project.cache / "toy_line.values.json").unlink()
    assert "toy_line" in project.ran(project.run())


def test_simulated_value_far_from_closed_form_fails_naming_both(tmp_path):
    project = _project(tmp_path, offset=1.0)
    proc = project.run(check=False)
    assert proc.returncode != 0
    assert "simulated value 'slope_sim'" in proc.stderr
    assert "closed form 'slope'" in proc.stderr and "standard errors" in proc.stderr
    assert not (project.cache / "toy_line.values.json").exists()
