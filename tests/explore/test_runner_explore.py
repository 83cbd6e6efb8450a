"""The runner writes an explorable's data file beside the figure, records its SHA-256 like
every output (so the site copies and seals it), lists it in the PROV record, makes the
same bytes twice, and removes it when the module stops declaring an explorable."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.conftest import make_toy_project

pytestmark = pytest.mark.site

EXPLORABLE = """

from simulations.engine import Curve, Explorable, Explored, Slider, closed_form, grid, simulated

EXPLORE = Explorable(
    sliders=(Slider("points", "points on the line", grid(4, 12, 4), fmt="d"),),
    x_label="step t",
    y_label="value",
    marker="points",
)


def explore(params, rng):
    x = tuple(float(v) for v in range(params.points))
    noise = rng.normal(size=(params.replicates, params.points))
    means = noise.mean(axis=0)
    last = float(curve(float(params.points - 1)))
    return Explored(
        curves=(Curve("closed form", x, tuple(float(curve(v)) for v in x)),
                Curve("simulated", x, tuple(float(curve(v)) + m for v, m in zip(x, means)),
                      kind="simulated")),
        readout={
            "last": closed_form(last, "value at the last step", fmt=".2f"),
            "last_sim": simulated(last + float(means[-1]), float(noise[:, -1].std()) / 200**0.5,
                                  params.replicates, "simulated value at the last step",
                                  fmt=".2f", check="last"),
        },
    )
"""


def _project(tmp_path):
    project = make_toy_project(tmp_path)
    module = project.module("toy_line")
    module.write_text(module.read_text() + EXPLORABLE)
    return project


def test_explore_file_is_written_hashed_and_in_the_prov_record(tmp_path):
    project = _project(tmp_path / "p")
    proc = project.run()
    assert "explore" in proc.stdout  # its seconds are reported with the run's
    data = (project.cache / "toy_line.explore.json").read_bytes()
    doc = json.loads(data)
    assert doc["figure"] == "toy_line" and len(doc["points"]) == 3
    assert [r["kind"] for r in doc["readout"]] == ["closed form", "simulated (± SE)"]
    record = json.loads((project.cache / "index.json").read_text())["toy_line"]
    assert record["files"]["explore.json"] == hashlib.sha256(data).hexdigest()
    prov = json.loads((project.cache / "toy_line.prov.json").read_text())
    entity = prov["entity"]["kb:figures/toy_line.explore.json"]
    assert entity["kb:sha256"] == record["files"]["explore.json"]
    assert "kb:figures/toy_line.explore.json" in json.dumps(prov["wasGeneratedBy"])
    assert not (project.cache / "toy_band.explore.json").exists()  # no EXPLORE, no file

    again = _project(tmp_path / "again")
    again.run()
    assert (again.cache / "toy_line.explore.json").read_bytes() == data


def test_edited_explore_file_is_not_published_and_is_rebuilt(tmp_path):
    from simulations.engine.runner import load_index

    project = _project(tmp_path / "p")
    project.run()
    path = project.cache / "toy_line.explore.json"
    path.write_bytes(path.read_bytes().replace(b'"toy_line"', b'"toy_lime"'))
    lines: list[str] = []
    assert "toy_line" not in load_index(project.cache, project.root, lines.append)
    assert any("toy_line.explore.json" in line for line in lines)
    assert "toy_line" in project.ran(project.run())


def test_dropping_the_explorable_removes_its_file(tmp_path):
    project = _project(tmp_path / "p")
    project.run()
    module = project.module("toy_line")
    module.write_text(module.read_text().replace(EXPLORABLE, ""))
    project.run()
    assert not (project.cache / "toy_line.explore.json").exists()
    record = json.loads((project.cache / "index.json").read_text())["toy_line"]
    assert "explore.json" not in record["files"]
