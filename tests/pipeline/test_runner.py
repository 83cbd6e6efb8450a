"""The figure runner: determinism, staleness, failures, published records."""

from __future__ import annotations

import hashlib
import json

import pytest
from prov.model import ProvDocument

from tests.conftest import make_toy_project

pytestmark = pytest.mark.site


def test_cold_then_warm_runs_nothing(toy_project):
    first = toy_project.run()
    assert toy_project.ran(first) == {"toy_line", "toy_band"}
    second = toy_project.run()
    assert toy_project.ran(second) == set()
    assert "0 ran, 2 reused, 0 failed" in second.stdout


def test_outputs_are_byte_identical_across_folders(tmp_path):
    a = make_toy_project(tmp_path / "a")
    b = make_toy_project(tmp_path / "elsewhere" / "b")
    a.run()
    b.run()
    for name in ("toy_line", "toy_band"):
        for ext in ("svg", "csv", "prov.json"):
            assert (a.cache / f"{name}.{ext}").read_bytes() == (
                b.cache / f"{name}.{ext}"
            ).read_bytes(), f"{name}.{ext} differs between two folders"


def test_source_edit_reruns_only_that_figure(toy_project):
    toy_project.run()
    path = toy_project.module("toy_band")
    path.write_text(path.read_text() + "\n# an edit\n")
    assert toy_project.ran(toy_project.run()) == {"toy_band"}


def test_parameter_edit_reruns_only_that_figure(toy_project):
    toy_project.run()
    path = toy_project.module("toy_line")
    path.write_text(path.read_text().replace("seed: int = 7", "seed: int = 8"))
    assert toy_project.ran(toy_project.run()) == {"toy_line"}
    record = json.loads((toy_project.cache / "index.json").read_text())["toy_line"]
    assert record["params"]["seed"] == 8


def test_helper_edit_reruns_exactly_its_importers(toy_project):
    toy_project.run()
    helper = toy_project.module("_toyshared")
    helper.write_text(helper.read_text().replace("SCALE = 2.0", "SCALE = 3.0"))
    assert toy_project.ran(toy_project.run()) == {"toy_line"}


def test_style_edit_reruns_everything(toy_project):
    toy_project.run()
    style = toy_project.module("_style")
    style.write_text(style.read_text().replace('"font.size": 12', '"font.size": 13'))
    assert toy_project.ran(toy_project.run()) == {"toy_line", "toy_band"}


def test_names_and_force(toy_project):
    toy_project.run()
    assert toy_project.ran(toy_project.run("toy_band", "--force")) == {"toy_band"}
    listing = toy_project.run("--list").stdout
    assert "toy_band" in listing and "current" in listing


def test_unknown_name_is_a_clear_error(toy_project):
    proc = toy_project.run("toy_lin", check=False)
    assert proc.returncode != 0
    assert "unknown figure(s): toy_lin" in proc.stderr
    assert "toy_line" in proc.stderr


def test_failure_is_not_recorded_and_keeps_last_good_outputs(toy_project):
    toy_project.run()
    svg_before = (toy_project.cache / "toy_band.svg").read_bytes()
    key_before = json.loads((toy_project.cache / "index.json").read_text())["toy_band"]["key"]
    path = toy_project.module("toy_band")
    good = path.read_text()
    path.write_text(
        good.replace(
            "def simulate(params, rng):",
            "def simulate(params, rng):\n    raise RuntimeError('boom in toy')",
        )
    )
    proc = toy_project.run(check=False)
    assert proc.returncode == 1
    assert "simulation 'toy_band' (simulations/toy_band.py) failed" in proc.stderr
    assert "RuntimeError: boom in toy" in proc.stderr
    assert (toy_project.cache / "toy_band.svg").read_bytes() == svg_before
    index = json.loads((toy_project.cache / "index.json").read_text())
    assert index["toy_band"]["key"] == key_before
    # Not recorded, so it runs (and fails) again next time.
    assert toy_project.run(check=False).returncode == 1
    path.write_text(good)
    assert toy_project.ran(toy_project.run()) == set()  # the old key is current again


def test_non_finite_plotted_data_is_an_error(toy_project):
    path = toy_project.module("toy_band")
    path.write_text(path.read_text().replace("np.exp(-x)", "np.log(x - x)"))
    proc = toy_project.run(check=False)
    assert proc.returncode == 1
    assert "non-finite value" in proc.stderr and "(b) decay" in proc.stderr


def test_unlabelled_axis_is_an_error(toy_project):
    path = toy_project.module("toy_band")
    path.write_text(path.read_text().replace('b.set_ylabel("fraction (ratio)")', ""))
    proc = toy_project.run(check=False)
    assert proc.returncode == 1
    assert "the y axis has no label" in proc.stderr


def test_csv_is_exactly_the_plotted_series(toy_project):
    toy_project.run()
    lines = (toy_project.cache / "toy_band.csv").read_text().splitlines()
    assert lines[0] == "panel,series,time (s),level (m),fraction (ratio)"
    series = {tuple(line.split(",")[:2]) for line in lines[1:]}
    assert series == {
        ("(a) band", "simulated"),
        ("(a) band", "spread (lower)"),
        ("(a) band", "spread (upper)"),
        ("(b) decay", "theory: exp(−x)"),
        ("(b) decay", "measured"),
        ("(b) decay", "measured (error bar low)"),
        ("(b) decay", "measured (error bar high)"),
    }
    assert len(lines) == 1 + 4 * 8 + 3 * 2


def test_prov_record_parses_and_hashes_match(toy_project):
    toy_project.run()
    for name in ("toy_line", "toy_band"):
        text = (toy_project.cache / f"{name}.prov.json").read_text()
        doc = ProvDocument.deserialize(content=text, format="json")
        records = {str(r.identifier): r for r in doc.get_records() if r.identifier}
        svg = (toy_project.cache / f"{name}.svg").read_bytes()
        fig = next(r for k, r in records.items() if k.endswith(f"figures/{name}.svg"))
        attrs = {str(k): v for k, v in fig.attributes}
        assert attrs["kb:sha256"] == hashlib.sha256(svg).hexdigest()
        assert int(attrs["kb:bytes"]) == len(svg)
        script = toy_project.module(name).read_bytes()
        src = next(r for k, r in records.items() if k.endswith(f"simulations/{name}.py"))
        assert {str(k): v for k, v in src.attributes}["kb:sha256"] == hashlib.sha256(
            script
        ).hexdigest()
        kinds = {type(r).__name__ for r in doc.get_records()}
        for relation in ("ProvGeneration", "ProvUsage", "ProvDerivation", "ProvAssociation"):
            assert relation in kinds, f"{name}: no {relation}"
        data = json.loads(text)
        start = next(iter(data["activity"].values()))["prov:startTime"]
        assert start == "2023-11-14T22:13:20+00:00"  # from SOURCE_DATE_EPOCH, not the clock
