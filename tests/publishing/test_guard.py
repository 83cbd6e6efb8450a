"""The site guard on tiny fake sites: raw citations, missing pages and a missing seal fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from provenance import seal_site
from publishing.guard import (
    SiteGuardError,
    expected_page,
    guard_site,
    main,
    missing_pages,
    unprocessed_markers,
)

PAGE = "<html><head><title>t</title></head><body><article>{}</article></body></html>"


def _site(tmp_path: Path, body: str = "<p>Fine (Author, 2024).</p>", seal: bool = True):
    """A docs folder with one essay, one index and one notebook, and its built site."""
    docs, site = tmp_path / "docs", tmp_path / "site"
    (docs / "essays").mkdir(parents=True)
    (docs / "notebooks").mkdir()
    (docs / "index.md").write_text("# Home\n")
    (docs / "essays" / "one.md").write_text("# One\n")
    (docs / "notebooks" / "nb.ipynb").write_text("{}")
    for page in ("index.html", "essays/one/index.html", "notebooks/nb/index.html"):
        (site / page).parent.mkdir(parents=True, exist_ok=True)
        (site / page).write_text(PAGE.format(body if page.startswith("essays") else "<p>x</p>"))
    if seal:
        seal_site(site, commit="0" * 40, source_date_epoch=1700000000)
    return site, docs


def test_a_clean_sealed_site_passes(tmp_path):
    site, docs = _site(tmp_path)
    guard_site(site, docs)
    assert main([str(site), "--docs", str(docs)]) == 0


def test_raw_citation_fails_naming_the_page(tmp_path):
    site, docs = _site(tmp_path, "<p>three kinds of node [@moreau2013provdm]:</p>")
    with pytest.raises(SiteGuardError) as exc:
        guard_site(site, docs)
    message = str(exc.value)
    assert "1 unprocessed citation" in message
    assert "essays/one/index.html" in message
    assert "[@moreau2013provdm]" in message


def test_citation_syntax_inside_code_passes(tmp_path):
    body = (
        "<p>Write <code>[@key]</code> or <code>[[figure: name]]</code>.</p>"
        "<pre><code>[@a; @b]\n[[value: x]]</code></pre>"
        '<div id="cell-1" class="clipboard-copy-txt">print("[@x]")</div>'
        "<!-- [@commented] -->"
    )
    site, docs = _site(tmp_path, body)
    guard_site(site, docs)


@pytest.mark.parametrize(
    "marker", ["[[figure: gaussian_collapse]]", "[[ value: share ]]", "[@key; @other]"]
)
def test_every_kind_of_marker_is_found(marker):
    assert len(unprocessed_markers(f"<p>before {marker} after</p>")) == 1


def test_a_missing_page_fails_naming_the_source(tmp_path):
    site, docs = _site(tmp_path)
    (docs / "notebooks" / "second.ipynb").write_text("{}")
    (docs / "essays" / "two.md").write_text("# Two\n")
    assert missing_pages(site, docs) == [
        ("essays/two.md", "essays/two/index.html"),
        ("notebooks/second.ipynb", "notebooks/second/index.html"),
    ]
    with pytest.raises(SiteGuardError, match=r"2 source\(s\) have no page") as exc:
        guard_site(site, docs)
    assert "docs/notebooks/second.ipynb: expected notebooks/second/index.html" in str(exc.value)


def test_a_missing_seal_fails(tmp_path, capsys):
    site, docs = _site(tmp_path, seal=False)
    with pytest.raises(SiteGuardError, match="seal is missing") as exc:
        guard_site(site, docs)
    assert "manifest-sha256.txt" in str(exc.value)
    assert main([str(site), "--docs", str(docs)]) == 1
    assert "manifest-sha256.txt" in capsys.readouterr().err


def test_a_change_after_sealing_fails(tmp_path):
    site, docs = _site(tmp_path)
    (site / "index.html").write_text(PAGE.format("<p>changed after the seal</p>"))
    with pytest.raises(SiteGuardError, match=r"altered: index\.html"):
        guard_site(site, docs)


def test_every_problem_is_reported_at_once(tmp_path):
    site, docs = _site(tmp_path, "<p>[@raw]</p>", seal=False)
    (docs / "extra.md").write_text("# Extra\n")
    with pytest.raises(SiteGuardError) as exc:
        guard_site(site, docs)
    assert str(exc.value).count("\n  - ") == 3


@pytest.mark.parametrize(
    ("source", "page"),
    [
        ("index.md", "index.html"),
        ("essays/index.md", "essays/index.html"),
        ("essays/a.md", "essays/a/index.html"),
        ("notebooks/x.ipynb", "notebooks/x/index.html"),
    ],
)
def test_expected_page(source, page):
    assert expected_page(source) == page
