"""Hostile and careless .bib input: each is read correctly or refused with file:line + fix."""

from __future__ import annotations

import json

import pytest

from bibliography import Bibliography, BibliographyError

RECORD = "@misc{ok2020,\n  title = {Fine},\n  year = {2020}\n}\n"


def problems_of(text: str) -> list[str]:
    with pytest.raises(BibliographyError) as caught:
        Bibliography.from_string(text, path="refs.bib")
    return [str(problem) for problem in caught.value.problems]


@pytest.mark.parametrize("key", ["my key", "m\u00fcller2020", "a}b"])
def test_keys_that_cannot_be_cited_are_refused(key):
    lines = problems_of(f"@misc{{{key},\n  title = {{T}},\n  year = {{2020}}\n}}\n")
    assert lines and lines[0].startswith("refs.bib:1: ") and " — " in lines[0]


def test_unbalanced_braces_at_end_of_file_name_the_record_line():
    (line,) = problems_of(RECORD + "\n@misc{open2020,\n  title = {Never closed,\n  year = {2020}\n")
    assert line.startswith("refs.bib:6: ") and "braces" in line


def test_a_one_megabyte_field_is_kept_whole():
    huge = "word " * 200_000
    bib = Bibliography.from_string(RECORD.replace("year", f"abstract = {{{huge}}},\n  year"))
    assert "ok2020" in bib and len(bib.to_bibtex()) > 1_000_000


def test_comment_preamble_and_free_text_are_ignored():
    text = (
        "Free text before any record.\n"
        "@comment{jabref-meta: databaseType:bibtex;}\n"
        '@preamble{"\\newcommand{\\noop}[1]{}"}\n' + RECORD
    )
    bib = Bibliography.from_string(text)
    assert bib.keys == ("ok2020",)
    assert Bibliography.from_string(text).unused([])[0].line == 4


def test_crossref_fields_are_inherited_and_title_becomes_booktitle():
    text = (
        "@inproceedings{paper2024,\n  author = {Doe, Jane},\n  title = {A Paper},\n"
        "  crossref = {proc2024}\n}\n"
        "@proceedings{proc2024,\n  title = {Proceedings of the Workshop},\n"
        "  publisher = {PMLR},\n  year = {2024}\n}\n"
    )
    bib = Bibliography.from_string(text)
    items = {item["id"]: item for item in json.loads(bib.to_csl_json())}
    assert items["paper2024"]["container-title"] == "Proceedings of the Workshop"
    assert items["paper2024"]["issued"] == {"date-parts": [[2024]]}
    assert "A Paper. Proceedings of the Workshop." in bib.reference_text("paper2024")


def test_crossref_to_a_missing_record_is_reported():
    text = "@misc{c2020,\n  title = {T},\n  year = {2020},\n  crossref = {nowhere}\n}\n"
    (line,) = problems_of(text)
    assert line.startswith("refs.bib:4: ") and "crossref = {nowhere}" in line


def test_control_characters_and_private_use_do_not_leak_into_html():
    bib = Bibliography.from_string(RECORD.replace("Fine", "Fine\ue000 <b>bold</b>"))
    html = bib.reference_html("ok2020")
    assert "<b>" not in html and "\ue000" not in html and "&lt;b&gt;" in html
