"""Golden files: expansion of whole pages, compared byte for byte.

Inputs are ``golden/NAME.md``; expected outputs ``golden/NAME.expected.md``. To
regenerate after a deliberate change (then review the diff)::

    UPDATE_GOLDEN=1 .venv/bin/pytest tests/bibliography/test_golden.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bibliography import Bibliography

BIB = r"""
@article{shumailov2024nature,
  author  = {Shumailov, Ilia and Shumaylov, Zakhar and Zhao, Yiren and Papernot, Nicolas and Anderson, Ross and Gal, Yarin},
  title   = {{AI} models collapse when trained on recursively generated data},
  journal = {Nature},
  volume  = {631},
  number  = {8022},
  pages   = {755--759},
  year    = {2024},
  doi     = {10.1038/s41586-024-07566-y}
}

@misc{shumailov2023curse,
  author        = {Shumailov, Ilia and Shumaylov, Zakhar and Zhao, Yiren and Gal, Yarin and Papernot, Nicolas and Anderson, Ross},
  title         = {The Curse of Recursion: Training on Generated Data Makes Models Forget},
  year          = {2023},
  eprint        = {2305.17493},
  archivePrefix = {arXiv},
  url           = {https://arxiv.org/abs/2305.17493}
}

@misc{graphite2025articles,
  author       = {{Graphite}},
  title        = {More Articles Are Now Created by {AI} Than Humans},
  year         = {2025},
  month        = oct,
  howpublished = {Web report}
}

@techreport{ccsds2012oais,
  author      = {{Consultative Committee for Space Data Systems}},
  title       = {Reference Model for an Open Archival Information System ({OAIS})},
  institution = {CCSDS},
  type        = {Recommended Practice},
  number      = {CCSDS 650.0-M-2},
  year        = {2012},
  url         = {https://public.ccsds.org/Pubs/650x0m2.pdf}
}
"""

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
CASES = sorted(
    p for p in GOLDEN.glob("*.md") if not p.name.endswith(".expected.md") and p.name != "README.md"
)


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    return Bibliography.from_string(BIB, path="fixture.bib")


def render(bib: Bibliography, source: Path) -> str:
    page = bib.expand(source.read_text(encoding="utf-8"), f"golden/{source.name}")
    return bib.add_references(page.markdown, page.keys, bibliography_url="../bibliography/")


def test_there_are_golden_cases():
    assert len(CASES) >= 5


@pytest.mark.parametrize("source", CASES, ids=[p.stem for p in CASES])
def test_golden(bib, source):
    expected_path = source.with_name(f"{source.stem}.expected.md")
    actual = render(bib, source)
    if UPDATE:
        expected_path.write_text(actual, encoding="utf-8")
    assert expected_path.exists(), f"run UPDATE_GOLDEN=1 to create {expected_path.name}"
    assert actual == expected_path.read_text(encoding="utf-8")
