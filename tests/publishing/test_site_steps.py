"""Site steps on a throwaway docs folder: page checks, the context file, head metadata."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest

from publishing import SourceErrors
from publishing.head_meta import head_html
from publishing.site_context import context_path, load_context
from publishing.site_steps import SiteBuild, Source, _head_info, check_pages

CONFIG = """\
site_name: Test site
site_url: https://example.org/t/
repo_url: https://example.org/repo
site_description: The site's own description.
site_author: Test editors
docs_dir: docs
hooks: [!ENV [NOT_SET, hooks.py]]
"""

ESSAY = """\
---
title: A "quoted" essay & more
description: 'She said "no" <loudly>.'
authors: [Ada Lovelace]
date: 2026-01-02
updated: 2026-02-03
tags: [testing]
---

Text [@kunze2018bagit].
"""


@pytest.fixture
def project(tmp_path):
    (tmp_path / "mkdocs.yml").write_text(CONFIG)
    (tmp_path / "docs" / "essays").mkdir(parents=True)
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nWelcome [@moreau2013provdm].\n")
    (tmp_path / "docs" / "essays" / "a.md").write_text(ESSAY)
    return tmp_path


def _site(project) -> SiteBuild:
    return SiteBuild(project / "mkdocs.yml", root=project)


def test_pages_are_read_once_with_front_matter_and_cited_keys(project):
    site = _site(project)
    check_pages(site)
    assert sorted(site.sources) == ["essays/a.md", "index.md"]
    assert site.sources["essays/a.md"].meta["title"] == 'A "quoted" essay & more'
    assert site.sources["index.md"].title == "Home"
    assert site.cites == {"essays/a.md": ["kunze2018bagit"], "index.md": ["moreau2013provdm"]}


def test_every_bad_page_is_reported_with_file_and_line(project):
    (project / "docs" / "about.md").write_text("---\ntitle: About\nlist: [a, b\n---\n\nText.\n")
    (project / "docs" / "latin.md").write_bytes(b"# Latin-1\n\nCaf\xe9.\n")
    with pytest.raises(SourceErrors) as err:
        check_pages(_site(project))
    message = str(err.value)
    assert "docs/about.md:4: front matter is not valid YAML" in message
    assert "docs/latin.md:3: the file is not UTF-8 text (byte 0xe9 on this line)" in message
    assert "save it as UTF-8" in message


def test_front_matter_that_is_not_a_mapping_fails(project):
    (project / "docs" / "list.md").write_text("---\n- a\n- b\n---\n\nText.\n")
    with pytest.raises(SourceErrors, match=r"docs/list\.md:2: front matter must be a mapping"):
        check_pages(_site(project))


class _Meta(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and "name" in a:
            self.meta.setdefault(a["name"], []).append(a["content"])


def test_head_metadata_from_sources_survives_quotes_and_brackets(project):
    site = _site(project)
    check_pages(site)
    html = head_html(_head_info(site, site.sources["essays/a.md"]))
    parser = _Meta()
    parser.feed(html)
    assert parser.meta["DC.title"] == ['A "quoted" essay & more']
    assert parser.meta["DC.description"] == ['She said "no" <loudly>.']
    assert parser.meta["citation_author"] == ["Ada Lovelace"]
    assert parser.meta["DC.identifier"] == ["https://example.org/t/essays/a/"]
    assert '"no" <loudly>' not in html  # escaped in the attribute, not raw


def test_pages_without_front_matter_take_the_site_description(project):
    site = _site(project)
    check_pages(site)
    info = _head_info(site, Source("index.md", project / "docs/index.md", "", body="# Home\n"))
    assert info["title"] == "Home"
    assert info["description"] == "The site's own description."
    assert info["authors"] == ["Test editors"]


def test_the_context_file_round_trips(project):
    from publishing.site_steps import write_context_file

    site = _site(project)
    check_pages(site)
    write_context_file(site)
    path = context_path(project)
    data = json.loads(path.read_text())
    assert data["pages"]["essays/a.md"]["cites"] == ["kunze2018bagit"]
    context = load_context(path)
    assert context.pages["index.md"]["title"] == "Home"
    assert context.shown("essays/a.md") == "docs/essays/a.md"
    assert load_context(path) is context  # parsed once while the file is unchanged


def test_warnings_name_unused_figures_and_uncited_records_notebooks_count(project):
    from publishing.site_steps import check_bibliography, collect_warnings
    from tests.publishing.sites import BIB, record

    (project / "bibliography").mkdir()
    (project / "bibliography" / "references.bib").write_text(BIB)
    (project / "docs" / "essays" / "a.md").write_text(ESSAY + "\n[[figure: decay]]\n")
    site = _site(project)
    check_pages(site)
    check_bibliography(site)
    site.figures = {"decay": record(), "growth": record()}
    site.cites["notebooks/n.ipynb"] = ["uncited2020"]  # as prepare_notebooks records it
    warnings = collect_warnings(site)
    assert warnings == ["figure 'growth' is built but embedded in no page"]
    del site.cites["notebooks/n.ipynb"]
    assert any("record 'uncited2020' is not cited on any page" in w for w in collect_warnings(site))


@pytest.mark.parametrize(
    "payload",
    [
        b"<script>alert(1)</script>",
        b'<rect onload="alert(1)"/>',
        b'<a xlink:href="javascript:alert(1)"><rect/></a>',
        b'<image href="https://tracker.example/p.png"/>',
        b"<foreignObject><p>html</p></foreignObject>",
    ],
)
def test_a_figure_svg_that_could_run_or_fetch_is_refused(project, payload):
    from publishing.errors import SourceError
    from publishing.site_steps import copy_figures

    site = _site(project)
    site.out = project / "out"
    site.figures = {"decay": {}}
    cache = site.figure_cache
    cache.mkdir(parents=True)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt">' + payload
    (cache / "decay.svg").write_bytes(svg + b"</svg>")
    with pytest.raises(
        SourceError, match=r"simulations/decay\.py:1: the figure's SVG \(figures/decay\.svg\) holds"
    ):
        copy_figures(site)
    assert not (site.out / "figures" / "decay.svg").exists()
