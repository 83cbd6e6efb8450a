"""Every standard BibTeX entry type (and biblatex's @online) renders through CSL (APA).

The expected references are in ``golden/entry-types.expected.txt``; regenerate after a
deliberate change with ``UPDATE_GOLDEN=1 .venv/bin/pytest tests/bibliography/test_entry_types.py``
and review the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from bibliography import Bibliography, BibliographyError
from bibliography.validate import REQUIRED_FIELDS

GOLDEN = Path(__file__).parent / "golden" / "entry-types.expected.txt"
BIB = r"""
@phdthesis{doe2019thesis,
  author = {Doe, Jane},
  title  = {Recursive Training and the Loss of Tails},
  school = {University of Somewhere},
  year   = {2019},
  url    = {https://example.org/thesis\_final.pdf}
}
@mastersthesis{roe2020thesis,
  author  = {Roe, Richard},
  title   = {Provenance Metadata for Web Crawls},
  school  = {Example Institute of Technology},
  address = {Cambridge, MA},
  year    = {2020}
}
@techreport{lab2021report,
  author      = {Curator, Ada and Keeper, Ben},
  title       = {Deduplication at Scale},
  institution = {Collapse Lab},
  number      = {TR-2021-07},
  year        = {2021}
}
@manual{tool2022manual,
  title        = {{WARC} Tools User Manual},
  organization = {{Web Archive Consortium}},
  edition      = {3},
  year         = {2022}
}
@unpublished{poe2023draft,
  author = {Poe, Edgar},
  title  = {Notes on Synthetic Text in Library Catalogues},
  note   = {Manuscript in preparation},
  year   = {2023}
}
@booklet{guild2018booklet,
  title        = {Caring for Born-Digital Collections},
  author       = {{Archivists' Guild}},
  howpublished = {Pamphlet distributed at the annual meeting},
  year         = {2018}
}
@inbook{knuth1997inbook,
  author    = {Knuth, Donald E.},
  title     = {The Art of Computer Programming},
  chapter   = {3},
  pages     = {1--193},
  publisher = {Addison-Wesley},
  edition   = {3},
  year      = {1997}
}
@incollection{smith2017chapter,
  author    = {Smith, Alice},
  title     = {Data Curation after the Flood},
  booktitle = {Handbook of Digital Preservation},
  editor    = {Jones, Bob},
  publisher = {Archive Press},
  pages     = {45--67},
  year      = {2017}
}
@proceedings{wsp2024proc,
  editor    = {Gal, Yarin and Papernot, Nicolas},
  title     = {Proceedings of the Workshop on Model Collapse},
  publisher = {PMLR},
  year      = {2024}
}
@online{cc2024crawl,
  author       = {{Common Crawl Foundation}},
  title        = {Statistics of the {March} 2024 Crawl},
  organization = {Common Crawl},
  date         = {2024-03-31},
  urldate      = {2024-06-01},
  url          = {https://commoncrawl.org/blog/march-2024}
}
"""
EXPECTED_TYPES = {
    "doe2019thesis": "thesis",
    "roe2020thesis": "thesis",
    "lab2021report": "report",
    "tool2022manual": "book",
    "poe2023draft": "manuscript",
    "guild2018booklet": "pamphlet",
    "knuth1997inbook": "chapter",
    "smith2017chapter": "chapter",
    "wsp2024proc": "book",
    "cc2024crawl": "webpage",
}


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    return Bibliography.from_string(BIB, path="types.bib")


def test_each_type_maps_to_its_csl_type(bib):
    items = {item["id"]: item for item in json.loads(bib.to_csl_json())}
    assert {key: item["type"] for key, item in items.items()} == EXPECTED_TYPES
    assert items["doe2019thesis"]["genre"] == "Doctoral dissertation"
    assert items["roe2020thesis"]["genre"] == "Master's thesis"
    assert items["cc2024crawl"]["issued"] == {"date-parts": [[2024, 3, 31]]}
    assert items["cc2024crawl"]["accessed"] == {"date-parts": [[2024, 6, 1]]}
    assert items["knuth1997inbook"]["container-title"] == "The Art of Computer Programming"
    assert items["tool2022manual"]["author"] == [{"literal": "Web Archive Consortium"}]


def test_golden_references_one_per_type(bib):
    actual = "".join(
        f"{key}\n  {bib.reference_text(key)}\n  ({bib._rendered[key].cite})\n" for key in bib.keys
    )
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(actual, encoding="utf-8")
    assert actual == GOLDEN.read_text(encoding="utf-8")


def test_no_title_is_printed_twice_and_escapes_are_undone(bib):
    for key in bib.keys:
        text = bib.reference_text(key)
        title = json.loads(bib.to_csl_json())[bib.keys.index(key)].get("title", "")
        assert text.count(title) <= 1 or not title, text
    assert "thesis_final.pdf" in bib.reference_html("doe2019thesis")


@pytest.mark.parametrize(
    ("kind", "fields", "missing"),
    [
        ("phdthesis", "author = {D, J}, title = {T}, year = {2020}", "school"),
        ("mastersthesis", "author = {D, J}, title = {T}, school = {S}", "year"),
        ("manual", "organization = {O}, year = {2020}", "title"),
        ("unpublished", "author = {D, J}, title = {T}, year = {2020}", "note"),
        ("booklet", "author = {D, J}, year = {2020}", "title"),
        (
            "inbook",
            "author = {D, J}, title = {T}, publisher = {P}, year = {2020}",
            "chapter or pages",
        ),
        ("proceedings", "title = {T}, publisher = {P}", "year"),
        ("online", "title = {T}, year = {2020}", "url"),
        ("conference", "author = {D, J}, title = {T}, year = {2020}", "booktitle"),
    ],
)
def test_required_fields_per_type(kind, fields, missing):
    with pytest.raises(BibliographyError) as caught:
        Bibliography.from_string(f"\n@{kind}{{k2020,\n  {fields}\n}}\n", path="refs.bib")
    (problem,) = caught.value.problems
    assert str(problem).startswith("refs.bib:2: ") and f"has no {missing}" in str(problem)
    assert f"@{kind} requires" in str(problem)


def test_every_documented_type_is_required_checked():
    assert {"phdthesis", "mastersthesis", "techreport", "manual", "unpublished", "booklet"} <= set(
        REQUIRED_FIELDS
    )
    assert {"inbook", "incollection", "proceedings", "online", "conference"} <= set(REQUIRED_FIELDS)


@pytest.mark.parametrize("field", ["date = {2024-13-01}", "urldate = {last week}"])
def test_bad_iso_dates_are_reported(field):
    text = f"@online{{o2024,\n  title = {{T}},\n  url = {{https://example.org}},\n  {field}\n}}\n"
    with pytest.raises(BibliographyError) as caught:
        Bibliography.from_string(text, path="refs.bib")
    (problem,) = caught.value.problems
    assert str(problem).startswith("refs.bib:4: ") and "YYYY-MM-DD" in str(problem)
