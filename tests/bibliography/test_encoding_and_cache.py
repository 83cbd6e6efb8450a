"""A .bib file's encoding and line ends, and a bibliography cache that cannot be trusted."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from bibliography import Bibliography, BibliographyError, cache

BIB = """@misc{hutter2021learning,
  author = {Hutter, Marcus},
  title  = {Learning Curve Theory},
  year   = {2021},
  url    = {https://arxiv.org/abs/2102.04074}
}
"""


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "refs.bib"
    path.write_bytes(data)
    return path


def problem_of(path: Path) -> str:
    with pytest.raises(BibliographyError) as caught:
        Bibliography.load(path, cache_dir=None, name="bibliography/references.bib")
    (problem,) = caught.value.problems
    return str(problem)


# -- encoding ----------------------------------------------------------------------------


def test_latin1_file_names_path_line_byte_and_fix(tmp_path):
    data = BIB.replace("Marcus", "Marc\u00e9").encode("latin-1")
    text = problem_of(write(tmp_path, data))
    assert text.startswith("bibliography/references.bib:2: ")
    assert "not UTF-8" in text and "0xE9" in text and "column 25" in text
    assert "save it as UTF-8" in text


def test_bad_byte_line_counts_every_kind_of_line_end(tmp_path):
    data = b"% one\r\n% two\r% three\n% four \xff\n" + BIB.encode()
    assert problem_of(write(tmp_path, data)).startswith("bibliography/references.bib:4: ")


def test_utf16_file_is_named_as_such(tmp_path):
    text = problem_of(write(tmp_path, BIB.encode("utf-16")))
    assert ":1: is UTF-16, not UTF-8" in text and "save it as UTF-8" in text


def test_bom_and_mixed_line_ends_are_fine_and_lines_stay_right(tmp_path):
    good = BIB.replace("\n", "\r\n").encode("utf-8-sig")
    bad = b"% note\r% note\n@misc{bad,\r\n  title = {T},\r  year = {99}\n}\n"
    path = write(tmp_path, good + bad)
    with pytest.raises(BibliographyError) as caught:
        Bibliography.load(path, cache_dir=None, name="refs.bib")
    (problem,) = caught.value.problems
    # Good record: 6 lines; then two comment lines; `year` is on the 11th line.
    assert str(problem).startswith("refs.bib:11: ") and "impossible year '99'" in str(problem)
    bib = Bibliography.load(write(tmp_path, good), cache_dir=None)
    assert "Learning Curve Theory" in bib.reference_text("hutter2021learning")
    assert "\r" not in bib.to_bibtex() and not bib.to_bibtex().startswith("\ufeff")


def test_a_missing_file_is_a_message_not_a_traceback(tmp_path):
    with pytest.raises(BibliographyError) as caught:
        Bibliography.load(tmp_path / "absent.bib", cache_dir=None, name="refs.bib")
    assert str(caught.value.problems[0]).startswith("refs.bib: cannot be read")


# -- cache integrity -----------------------------------------------------------------------


@pytest.fixture
def cached(tmp_path):
    """A .bib file, its cache folder holding one good entry, and the expected HTML."""
    path = write(tmp_path, BIB.encode())
    folder = tmp_path / ".cache" / "bibliography"
    html = Bibliography.load(path, cache_dir=folder).reference_html("hutter2021learning")
    (entry,) = folder.glob("*.json")
    return path, folder, entry, html


def reload(path: Path, folder: Path) -> tuple[str, list[str]]:
    notes: list[str] = []
    bib = Bibliography.load(path, cache_dir=folder, report=notes.append)
    return bib.reference_html("hutter2021learning"), notes


def assert_rebuilt_and_usable(path, folder, entry, html, notes, *words):
    assert len(notes) == 1, notes
    assert notes[0].startswith(f"bibliography cache: {entry}") or str(folder) in notes[0]
    assert all(word in notes[0] for word in words), notes[0]
    again, quiet = reload(path, folder)  # the cache works again afterwards
    assert again == html and quiet == []


def test_truncated_cache_file_is_reported_once_and_rebuilt(cached):
    path, folder, entry, html = cached
    entry.write_bytes(entry.read_bytes()[: entry.stat().st_size // 2])
    rebuilt, notes = reload(path, folder)
    assert rebuilt == html
    assert_rebuilt_and_usable(path, folder, entry, html, notes, "digest", "rebuilding")


def test_edited_cache_content_is_caught_by_its_digest(cached):
    path, folder, entry, html = cached
    entry.write_bytes(entry.read_bytes().replace(b"Learning Curve", b"Learning Kurve"))
    rebuilt, notes = reload(path, folder)
    assert rebuilt == html and "Kurve" not in rebuilt
    assert_rebuilt_and_usable(path, folder, entry, html, notes, "digest")


def test_wrong_shaped_cache_file_with_a_valid_digest_is_rebuilt(cached):
    path, folder, entry, html = cached
    body = json.dumps({"items": 3, "records": [], "layout": {}, "rendered": None}).encode()
    header = json.dumps({"format": cache.FORMAT, "sha256": hashlib.sha256(body).hexdigest()})
    entry.write_bytes(header.encode() + b"\n" + body)
    rebuilt, notes = reload(path, folder)
    assert rebuilt == html
    assert_rebuilt_and_usable(path, folder, entry, html, notes, "malformed")


@pytest.mark.parametrize("content", [b"", b"\xff\xfe\x00garbage", b"[1, 2, 3]", b'{"items": []}'])
def test_garbage_and_old_format_cache_files_are_rebuilt(cached, content):
    path, folder, entry, html = cached
    entry.write_bytes(content)
    rebuilt, notes = reload(path, folder)
    assert rebuilt == html
    assert_rebuilt_and_usable(path, folder, entry, html, notes, "rebuilding")


def test_unreadable_cache_entry_and_unwritable_folder_never_fail_the_build(cached):
    path, folder, entry, html = cached
    entry.unlink()
    entry.mkdir()  # reading it fails, and so does replacing it
    rebuilt, notes = reload(path, folder)
    assert rebuilt == html
    assert len(notes) == 2
    assert "could not be read" in notes[0] and "could not be written" in notes[1]


def test_cache_folder_that_is_a_file_only_costs_speed(tmp_path):
    path = write(tmp_path, BIB.encode())
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    html, notes = reload(path, blocker)
    assert "Learning Curve Theory" in html
    assert len(notes) == 1 and "could not be written" in notes[0]
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_the_site_build_reports_a_non_utf8_bib_with_its_project_path(tmp_path):
    from types import SimpleNamespace

    from bibliography import BibliographyError
    from publishing.site_steps import BIB_FILE, check_bibliography

    bib = tmp_path / BIB_FILE
    bib.parent.mkdir(parents=True)
    bib.write_bytes(b"% caf\xe9\n" + BIB.encode())
    with pytest.raises(BibliographyError) as caught:
        check_bibliography(SimpleNamespace(root=tmp_path, bib=None))
    assert f"{BIB_FILE}:1: is not UTF-8" in str(caught.value)
    assert "save it as UTF-8" in str(caught.value)
    assert bib.read_bytes().startswith(b"% caf\xe9")  # nothing rewritten
