"""Cache integrity: no cache state fails a build for good or publishes unvouched bytes."""

from __future__ import annotations

import json

import pytest

from simulations.engine.runner import load_index
from tests.pipeline.faults import index, sha256

pytestmark = pytest.mark.site


def test_truncated_svg_is_rebuilt_and_published_bytes_match_the_record(toy_project):
    toy_project.run()
    svg = toy_project.cache / "toy_band.svg"
    good = svg.read_bytes()
    svg.write_bytes(good[: len(good) // 2])

    proc = toy_project.run()
    lines = [line for line in proc.stdout.splitlines() if "toy_band.svg" in line]
    assert len(lines) == 1, proc.stdout
    assert "does not match the SHA-256 recorded when it was made" in lines[0]
    assert "rebuilding" in lines[0]
    assert toy_project.ran(proc) == {"toy_band"}
    assert svg.read_bytes() == good  # deterministic: the rebuild gives the recorded bytes

    published = load_index(toy_project.cache, toy_project.root)
    assert published["toy_band"]["svg_sha256"] == sha256(svg)
    for name, record in published.items():
        for kind, digest in record["files"].items():
            assert sha256(toy_project.cache / f"{name}.{kind}") == digest, f"{name}.{kind}"
    assert toy_project.ran(toy_project.run()) == set()  # and the cache is usable again


def test_a_damaged_file_is_never_handed_out_for_publishing(toy_project):
    toy_project.run()
    csv = toy_project.cache / "toy_line.csv"
    csv.write_bytes(csv.read_bytes() + b"extra,row\n")
    prov = toy_project.cache / "toy_band.prov.json"
    prov.unlink()
    lines: list[str] = []

    published = load_index(toy_project.cache, toy_project.root, report=lines.append)

    assert published == {}
    assert len(lines) == 2
    assert any("toy_line.csv" in line and "does not match" in line for line in lines)
    assert any("toy_band.prov.json is missing" in line for line in lines)


def test_edited_prov_record_is_rewritten_without_rerunning(toy_project):
    toy_project.run()
    prov = toy_project.cache / "toy_line.prov.json"
    good = prov.read_bytes()
    prov.write_bytes(good.replace(b'"kb:sha256"', b'"kb:sha256X"', 1))

    proc = toy_project.run()

    assert toy_project.ran(proc) == set()
    assert "toy_line.prov.json" in proc.stdout and "rewriting it" in proc.stdout
    assert prov.read_bytes() == good
    assert set(load_index(toy_project.cache, toy_project.root)) == {"toy_line", "toy_band"}


@pytest.mark.parametrize(
    "damage",
    [b'{"toy_line": {"key": ', b"\xff\xfe not json", b"[1, 2, 3]\n", b""],
    ids=["truncated", "not-utf8", "a-list", "empty"],
)
def test_unreadable_index_is_reported_once_and_rebuilt(toy_project, damage):
    toy_project.run()
    svg_before = (toy_project.cache / "toy_line.svg").read_bytes()
    (toy_project.cache / "index.json").write_bytes(damage)

    proc = toy_project.run()

    notes = [line for line in proc.stdout.splitlines() if "index.json" in line]
    assert len(notes) == 1 and "is unreadable" in notes[0] and "rebuilt" in notes[0], proc.stdout
    assert toy_project.ran(proc) == {"toy_line", "toy_band"}
    assert (toy_project.cache / "toy_line.svg").read_bytes() == svg_before
    assert toy_project.ran(toy_project.run()) == set()


def test_wrong_shaped_record_is_reported_and_rebuilt(toy_project):
    toy_project.run()
    data = index(toy_project)
    data["toy_band"]["files"] = "not a mapping"
    del data["toy_line"]["meta"]
    (toy_project.cache / "index.json").write_text(json.dumps(data), encoding="utf-8")

    proc = toy_project.run()

    damaged = [line for line in proc.stdout.splitlines() if "is damaged" in line]
    assert len(damaged) == 2, proc.stdout
    assert any("toy_band" in line and "'files'" in line for line in damaged)
    assert any("toy_line" in line and "'meta'" in line for line in damaged)
    assert toy_project.ran(proc) == {"toy_line", "toy_band"}
    assert set(load_index(toy_project.cache, toy_project.root)) == {"toy_line", "toy_band"}


def test_deleted_module_is_dropped_not_fatal(toy_project):
    toy_project.run()
    toy_project.module("toy_band").unlink()

    proc = toy_project.run()

    assert "dropped toy_band: simulations/toy_band.py no longer exists" in proc.stdout
    assert set(index(toy_project)) == {"toy_line"}
    assert not list(toy_project.cache.glob("toy_band.*"))
    assert set(load_index(toy_project.cache, toy_project.root)) == {"toy_line"}
    assert toy_project.run("--list").returncode == 0


def test_published_records_skip_a_deleted_module_even_before_a_run(toy_project):
    toy_project.run()
    toy_project.module("toy_line").unlink()
    assert set(load_index(toy_project.cache, toy_project.root)) == {"toy_band"}
