"""Validation: every problem collected into one BibliographyError, each as file:line + fix."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from bibliography import Bibliography, BibliographyError
from bibliography.parse import parse_bibtex
from bibliography.validate import REQUIRED_FIELDS, find_problems

GOOD = """@article{good2024,
  author  = {Doe, Jane},
  title   = {A Good Record},
  journal = {Journal},
  year    = {2024}
}
"""

# Line numbers matter below: each bad record starts on a known line.
MANY_PROBLEMS = """@article{a2020,
  author = {Doe, Jane},
  title  = {Missing journal},
  year   = {2020}
}

@misc{a2020,
  title = {Duplicate key},
  year  = {2021}
}

@misc{doi2021,
  title = {Bad DOI},
  year  = {2021},
  doi   = {https://doi.org/10.12/abc}
}

@misc{js2021,
  title = {Script URL},
  year  = {2021},
  url   = {javascript:alert(1)}
}

@misc{year2021,
  title = {Bad year},
  year  = {20021}
}

@article{broken,
  title = {Unclosed,
  year = {2020}
}
"""


def problems_of(text: str, path: str = "refs.bib") -> list[str]:
    with pytest.raises(BibliographyError) as caught:
        Bibliography.from_string(text, path=path)
    return [str(problem) for problem in caught.value.problems]


def assert_reported(lines: list[str], line: int, *words: str) -> None:
    """A problem on ``line`` mentions every word, and says how to fix it (after " — ")."""
    matching = [text for text in lines if text.startswith(f"refs.bib:{line}: ")]
    assert matching, f"nothing reported on line {line}: {lines}"
    for text in matching:
        if all(word in text for word in words):
            assert re.search(r" — \S", text), f"no fix given: {text}"
            return
    raise AssertionError(f"line {line} does not mention {words}: {matching}")


def test_all_problems_in_one_error_with_file_line_and_fix():
    lines = problems_of(MANY_PROBLEMS)
    assert_reported(lines, 1, "a2020", "journal")
    assert_reported(lines, 7, "duplicate key 'a2020'", "line 1")
    assert_reported(lines, 15, "malformed DOI '10.12/abc'", "10.NNNN/suffix")
    assert_reported(lines, 21, "javascript:alert(1)", "https://")
    assert_reported(lines, 26, "impossible year '20021'")
    assert_reported(lines, 29, "could not be read", "braces")
    # One error; its message lists each problem on its own line.
    with pytest.raises(BibliographyError) as caught:
        Bibliography.from_string(MANY_PROBLEMS, path="refs.bib")
    message = str(caught.value)
    assert message.splitlines()[0] == f"{len(caught.value.problems)} bibliography problems:"
    assert all(str(p) in message for p in caught.value.problems)


@pytest.mark.parametrize(
    ("kind", "fields", "missing"),
    [
        ("article", "title = {T}, journal = {J}, year = {2020}", "author"),
        ("article", "author = {Doe, J}, title = {T}, year = {2020}", "journal"),
        ("inproceedings", "author = {Doe, J}, title = {T}, year = {2020}", "booktitle"),
        (
            "incollection",
            "author = {Doe, J}, title = {T}, booktitle = {B}, year = {2020}",
            "publisher",
        ),
        ("book", "title = {T}, publisher = {P}, year = {2020}", "author or editor"),
        ("techreport", "author = {Doe, J}, title = {T}, year = {2020}", "institution"),
        ("misc", "author = {Doe, J}, year = {2020}", "title"),
        ("misc", "author = {Doe, J}, title = {T}", "year"),
    ],
)
def test_missing_required_fields(kind, fields, missing):
    (line,) = problems_of(f"\n@{kind}{{k2020,\n  {fields}\n}}\n")
    assert line.startswith("refs.bib:2: ")
    assert f"has no {missing}" in line
    required = ", ".join(" or ".join(alts) for alts in REQUIRED_FIELDS[kind])
    assert f"@{kind} requires {required}" in line  # the fix names every required field


def test_required_fields_are_documented_per_type():
    assert set(REQUIRED_FIELDS) == {
        "article",
        "book",
        "booklet",
        "conference",
        "inbook",
        "incollection",
        "inproceedings",
        "manual",
        "mastersthesis",
        "misc",
        "online",
        "phdthesis",
        "proceedings",
        "techreport",
        "unpublished",
    }


def test_unsupported_type():
    (line,) = problems_of("@patent{t2020, author = {Doe, J}, title = {T}, year = {2020}}")
    assert line.startswith("refs.bib:1: ") and "@patent" in line and "@phdthesis" in line


@pytest.mark.parametrize(
    "doi",
    ["doi:10.1234", "10.12/abc", "10.1234", "11.1234/abc", "https://dx.doi.org/10.1234/x y"],
)
def test_malformed_doi(doi):
    (line,) = problems_of(
        f"@misc{{d2020,\n title = {{T}},\n year = {{2020}},\n doi = {{{doi}}}\n}}"
    )
    assert line.startswith("refs.bib:4: ") and "malformed DOI" in line


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "ftp://example.org/file.pdf",
        "example.org/no-scheme",
        "https:///no-host",
    ],
)
def test_non_http_urls_are_refused(url):
    (line,) = problems_of(
        f"@misc{{u2020,\n title = {{T}},\n year = {{2020}},\n url = {{{url}}}\n}}"
    )
    assert line.startswith("refs.bib:4: ") and "not an http(s) address" in line


def test_url_inside_howpublished_is_checked_too():
    text = "@misc{u2020,\n title = {T},\n year = {2020},\n howpublished = {\\url{data:x}}\n}"
    (line,) = problems_of(text)
    assert line.startswith("refs.bib:4: ") and "howpublished" in line


@pytest.mark.parametrize("year", ["999", "20201", "1399", "19xx", "2024a"])
def test_impossible_years(year):
    (line,) = problems_of(f"@misc{{y,\n title = {{T}},\n year = {{{year}}}\n}}")
    assert line.startswith("refs.bib:3: ") and f"impossible year '{year}'" in line


def test_year_bounds_follow_the_calendar():
    today = dt.date(2026, 11, 25)
    ok = parse_bibtex("@misc{y, title = {T}, year = {2027}}\n@misc{z, title = {T}, year = {1400}}")
    assert find_problems(ok, "refs.bib", today) == []
    late = parse_bibtex("@misc{y, title = {T}, year = {2028}}")
    assert "impossible year" in str(find_problems(late, "refs.bib", today)[0])


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("@article{a,\n  title {T},\n  year = 2020\n}\n" + GOOD, 1, ("could not be read",)),
        ("@article{a\n  title = {T}\n}\n" + GOOD, 1, ("could not be read", "comma")),
        (
            "@misc{a, title = {T}, year = {2020}}\n@misc{A, title = {U}, year = {2021}}",
            2,
            ("case",),
        ),
        ("@misc{a,\n title = {T},\n title = {U},\n year = {2020}}", 1, ("given twice", "title")),
        ("@misc{a, author = {Doe, J, Jr, Extra}, title = {T}, year = {2020}}", 1, ("names",)),
        ("@misc{bad key!, title = {T}, year = {2020}}", 1, ("cannot be cited",)),
        ("@misc{trailing., title = {T}, year = {2020}}", 1, ("cannot be cited",)),
    ],
)
def test_parse_failures_and_key_problems(text, line, words):
    lines = problems_of(text)
    assert_reported(lines, line, *words)


def test_a_good_file_has_no_problems():
    assert find_problems(parse_bibtex(GOOD), "refs.bib") == []
