"""@string macros with # (as BibTeX reads them) and LaTeX escapes in DOIs and URLs."""

from __future__ import annotations

import json

import pytest

from bibliography import Bibliography, BibliographyError
from bibliography.identifiers import is_doi, normalise_doi, unescape
from bibliography.parse import parse_bibtex

MACROS = r"""@string{base = {Things}}
@STRING{JN = "Journal of " # base}

@article{concat2024,
  author  = {Doe, Jane},
  title   = "Parts" # { and } # "{Wholes}",
  journal = jn # " Studies",
  volume  = 7,
  month   = oct,
  note    = "Seen in " # dec # " " # 2024,
  year    = 2024
}
"""


def problems_of(text: str) -> list[str]:
    with pytest.raises(BibliographyError) as caught:
        Bibliography.from_string(text, path="refs.bib")
    return [str(problem) for problem in caught.value.problems]


def test_concatenation_and_macros_resolve_like_bibtex():
    bib = Bibliography.from_string(MACROS)
    (item,) = json.loads(bib.to_csl_json())
    assert item["container-title"] == "Journal of Things Studies"
    assert item["title"] == "Parts and Wholes"
    assert item["note"] == "Seen in December 2024"
    assert item["issued"] == {"date-parts": [[2024, 10]]}
    text = bib.reference_text("concat2024")
    assert "Journal of Things Studies" in text and "#" not in text and "Jn" not in text


def test_protecting_braces_survive_concatenation():
    (record,) = parse_bibtex(MACROS).records
    assert record.fields["title"] == "Parts and {Wholes}"


def test_a_string_defined_twice_is_reported_not_silently_resolved():
    # BibTeX would use each definition for the records below it; a second definition
    # of one name is almost always a mistake, so it is refused with both lines.
    text = (
        "@string{pub = {First}}\n"
        "@misc{a2020, title = {A}, year = {2020}, publisher = pub}\n"
        "@string{pub = {Second}}\n"
        "@misc{b2020, title = {B}, year = {2020}, publisher = pub}\n"
    )
    (line,) = problems_of(text)
    assert line.startswith("refs.bib:3: ") and "@string 'pub' is defined again" in line
    assert "first on line 1" in line and "another name" in line


def test_macro_used_before_its_definition_is_reported_with_both_lines():
    text = (
        "@misc{early2020,\n"
        "  title = {Early},\n"
        "  howpublished = jn # { Studies},\n"
        "  year = {2020}\n"
        "}\n"
        "@string{jn = {Journal}}\n"
    )
    (line,) = problems_of(text)
    assert line.startswith("refs.bib:3: ")
    assert "'jn'" in line and "before its @string on line 6" in line
    assert "move that @string above its first use" in line


def test_undefined_macro_names_file_line_and_fix():
    text = "@article{u2020,\n  author = {Doe, J},\n  title = {T},\n  journal = nature,\n  year = {2020}\n}\n"
    (line,) = problems_of(text)
    assert line.startswith("refs.bib:4: ")
    assert "record 'u2020' (journal) uses the undefined macro 'nature'" in line
    assert "@string{nature = {...}}" in line and "journal = {nature}" in line


def test_undefined_macro_inside_a_string_definition():
    (line,) = problems_of("@string{jn = base # {x}}\n@misc{a2020, title = jn, year = {2020}}\n")
    assert line.startswith("refs.bib:1: ") and "this @string" in line and "'base'" in line


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (r"10.1016/j.cell\_2020\_9", "10.1016/j.cell_2020_9"),
        (r"https://example.org/a\%20b\&c\#d", "https://example.org/a%20b&c#d"),
        (r"https://example.org/\~{}user", "https://example.org/~user"),
        (r"https://example.org/{\textasciitilde}user", "https://example.org/~user"),
        (r"https://example.org/\textasciitilde{}user", "https://example.org/~user"),
        (r"https://example.org/$\sim$user/{\_}x", "https://example.org/~user/_x"),
        (r"\url{https://example.org/a\_b}", "https://example.org/a_b"),
        ("https://example.org/plain_path?x=1", "https://example.org/plain_path?x=1"),
    ],
)
def test_latex_escapes_are_undone_in_identifiers(raw, expected):
    assert unescape(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("10.1038/s41586-024-07566-y", "10.1038/s41586-024-07566-y"),
        ("https://doi.org/10.1038/abc", "10.1038/abc"),
        ("http://dx.doi.org/10.1002/%28SICI%291097", "10.1002/(SICI)1097"),
        ("doi: 10.1038/abc", "10.1038/abc"),
        ("DOI:10.1000.10/x\\_y", "10.1000.10/x_y"),
    ],
)
def test_dois_are_normalised(raw, expected):
    assert normalise_doi(raw) == expected and is_doi(expected)


def test_escaped_doi_and_url_become_live_links():
    text = r"""@misc{esc2020,
  title = {Escapes},
  year  = {2020},
  doi   = {https://doi.org/10.1016/j.x\_2020\_9},
  url   = {https://example.org/\~{}ada/report\_1.pdf}
}
"""
    bib = Bibliography.from_string(text)
    html = bib.reference_html("esc2020")
    assert 'href="https://doi.org/10.1016/j.x_2020_9"' in html
    assert "%5C" not in html and "\\" not in html
    assert bib.doi("esc2020") == "10.1016/j.x_2020_9"
    (item,) = json.loads(bib.to_csl_json())
    assert item["URL"] == "https://example.org/~ada/report_1.pdf"


def test_doi_still_malformed_after_normalising_is_reported():
    (line,) = problems_of("@misc{d2020,\n title = {T},\n year = {2020},\n doi = {doi:10.12/x}\n}")
    assert line.startswith("refs.bib:4: ") and "malformed DOI '10.12/x'" in line
    assert "10.NNNN/suffix" in line
