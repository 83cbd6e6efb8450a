"""The one reader of a cache's index.json, shared by the figure runner and the notebooks."""

from __future__ import annotations

import json

from simulations.engine.cache_index import read_index, write_index


def _sound(entry: object) -> str | None:
    return None if isinstance(entry, dict) and "key" in entry else "no key"


def test_round_trip_and_missing_index(tmp_path):
    path = tmp_path / "index.json"
    assert read_index(path, problem=_sound, what="figure", report=print) == {}
    write_index(path, {"b": {"key": "2"}, "a": {"key": "1"}})
    assert list(json.loads(path.read_text())) == ["a", "b"]  # sorted: same cache, same bytes
    assert read_index(path, problem=_sound, what="figure", report=print) == {
        "a": {"key": "1"},
        "b": {"key": "2"},
    }


def test_unreadable_index_is_reported_once(tmp_path):
    path = tmp_path / "index.json"
    path.write_bytes(b"\xff{not json")
    lines: list[str] = []
    assert read_index(path, problem=_sound, what="notebook", report=lines.append) == {}
    assert len(lines) == 1
    assert "is unreadable" in lines[0] and "every notebook it listed will be rebuilt" in lines[0]


def test_stale_entries_are_dropped_silently_damaged_ones_reported(tmp_path):
    path = tmp_path / "index.json"
    path.write_text(json.dumps({"old": "bare-key", "bad": {"nokey": 1}, "good": {"key": "k"}}))
    lines: list[str] = []
    found = read_index(
        path,
        problem=_sound,
        stale=lambda entry: isinstance(entry, str),
        what="figure",
        report=lines.append,
    )
    assert found == {"good": {"key": "k"}}
    assert len(lines) == 1
    assert "figure bad" in lines[0] and "damaged (no key)" in lines[0]
