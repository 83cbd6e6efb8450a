"""A small site context for page-step tests: two figures, three records, four pages."""

from __future__ import annotations

from pathlib import Path

from publishing.page_steps import Page
from publishing.site_context import SiteContext

BIB = """\
@article{kunze2018bagit,
  author = {Kunze, John and Littman, Justin and Madden, Elizabeth and Scancella, John and Adams, Chris},
  title = {The {BagIt} File Packaging Format (V1.0)},
  journal = {RFC Editor},
  year = {2018},
  doi = {10.17487/RFC8493},
}

@book{moreau2013provdm,
  author = {Moreau, Luc and Missier, Paolo},
  title = {{PROV-DM}: The {PROV} Data Model},
  publisher = {World Wide Web Consortium},
  year = {2013},
  url = {https://www.w3.org/TR/prov-dm/},
}

@misc{uncited2020,
  author = {Nobody, Ann},
  title = {A Record No Page Cites},
  year = {2020},
  url = {https://example.org/uncited},
}
"""


def record(alt: str = "A falling curve beside its closed form, both reaching zero.") -> dict:
    return {
        "meta": {"title": "Decay", "caption": "A caption.", "alt": alt, "essay": "essays/x.md"},
        "params": {"seed": 3, "n": 20},
        "versions": {"python": "3.11.7", "numpy": "2.4.6"},
        "svg_sha256": "ab" * 32,
    }


def make_site(tmp_path: Path) -> SiteContext:
    bib = tmp_path / "references.bib"
    bib.write_text(BIB, encoding="utf-8")
    return SiteContext(
        root=tmp_path,
        docs_dir=tmp_path / "docs",
        site_name="Collapse & Provenance",
        site_url="https://example.org/kb/",
        repo_url="https://example.org/repo",
        figures={"decay": record(), "growth": record()},
        figure_sizes={"decay": (640, 480), "growth": None},
        bibliography_file=bib,
        bibliography_shown="bibliography/references.bib",
        pages={
            "essays/a.md": {"title": "Essay A", "cites": ["kunze2018bagit"], "version": "abc1234"},
            "notebooks/n.ipynb": {"title": "Notebook N", "cites": ["moreau2013provdm"]},
            "bibliography.md": {"title": "Bibliography", "cites": []},
            "glossary.md": {"title": "Glossary", "cites": []},
        },
    )


ESSAY_META = {
    "title": 'What "collapse" <means> & why',
    "description": "A test essay.",
    "authors": ["Ada <Lovelace>", "Collapse & Provenance editors"],
    "date": "2026-01-02",
    "updated": "2026-02-03",
    "tags": ["testing"],
}


def page(site: SiteContext, src_uri: str = "essays/a.md", meta=None, offset: int = 7) -> Page:
    url = {"index.md": ""}.get(src_uri, src_uri.rsplit(".", 1)[0] + "/")
    return Page(
        src_uri=src_uri,
        url=url,
        shown=f"docs/{src_uri}",
        meta=ESSAY_META if meta is None else meta,
        line_offset=offset,
        site=site,
    )
