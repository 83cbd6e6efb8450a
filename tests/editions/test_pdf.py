"""The PDF editions, read back with a small PDF reader (tests/editions/pdfread.py)."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from publishing.editions import render_pdf
from publishing.editions.pdf import COLLECTION_NAME, RefusedFetch
from tests.editions.pdfread import Pdf, Ref, Stream


def squash(text: str) -> str:
    """Text without any whitespace: line breaks and word spacing differ in a PDF."""
    return "".join(text.split())


def article(site: Path, path: str):
    doc = lxml.html.fromstring((site / path / "index.html").read_bytes())
    art = doc.xpath("//article")[0]
    for el in art.xpath(".//a[@class='headerlink']|.//span[contains(@class,'citation-tooltip')]"):
        el.drop_tree()
    return art


def _internal_links(pdf: Pdf) -> tuple[int, set[str]]:
    """(how many link annotations jump inside the PDF, the named destinations they use)."""
    count, names = 0, set()
    for page in pdf.pages():
        for annot in pdf.get(page.get("Annots")) or []:
            annot = pdf.get(annot)
            dest = annot.get("Dest") or (pdf.get(annot.get("A")) or {}).get("D")
            if dest is not None:
                count += 1
                if isinstance(dest, bytes):
                    names.add(dest.decode("latin-1"))
    return count, names


def _dest_names(pdf: Pdf) -> set[str]:
    tree = pdf.get(pdf.get(pdf.catalog.get("Names") or {}).get("Dests"))
    out: set[str] = set()

    def walk(node):
        node = pdf.get(node)
        items = node.get("Names") or []
        out.update(items[i].decode("latin-1") for i in range(0, len(items), 2))
        for kid in node.get("Kids") or []:
            walk(kid)

    if tree:
        walk(tree)
    return out


def test_each_essay_pdf_has_its_title_a_caption_a_reference_and_its_headings(editions):
    for essay in editions.project.essays:
        raw = (editions.a / "editions" / f"{essay.slug}.pdf").read_bytes()
        pdf = Pdf.parse(raw)
        pages = pdf.pages()
        assert 2 <= len(pages) <= 40, f"{essay.slug}: {len(pages)} pages"
        text = squash(" ".join(pdf.text()))
        art = article(editions.a, essay.path)
        assert squash(essay.title) in text, essay.slug
        captions = art.xpath(".//figcaption")
        if captions:  # the caption's first sentence, figure number included
            first = captions[0].text_content().split(".")[0:2]
            assert squash(".".join(first)) in text, f"{essay.slug}: caption missing"
        refs = art.xpath(".//div[contains(@class,'csl-entry')]")
        assert refs, f"{essay.slug} has no reference list"
        assert squash(refs[0].text_content())[:60] in text, f"{essay.slug}: reference missing"
        assert "Citethisessay" in text
        outline = pdf.outline()
        headings = [h.text_content().strip() for h in art.xpath(".//h1|.//h2")]
        assert [t for _d, t in outline] == headings, essay.slug
        assert outline[0] == (1, essay.title) and all(d == 2 for d, _t in outline[1:])
        info = pdf.info
        assert info["Title"] == essay.title
        assert info["Author"] == ", ".join(essay.authors) or info["Author"] in essay.authors
        assert info["CreationDate"].startswith("D:" + essay.date.strftime("%Y%m%d"))
        assert info["ModDate"].startswith("D:" + essay.updated.strftime("%Y%m%d"))
        assert pdf.catalog["Lang"] == b"en"
        # PDF/A: an output intent and XMP metadata are present.
        assert pdf.catalog.get("OutputIntents") and pdf.catalog.get("Metadata")
        # Figures stay vectors: the site's SVGs are drawn, never embedded as images.
        images = [
            o
            for o in pdf.objects.values()
            if isinstance(o, Stream) and o.info.get("Subtype") == "Image"
        ]
        assert images == [], f"{essay.slug}: {len(images)} raster images"
        # Citations jump to the reference list inside the PDF.
        count, used = _internal_links(pdf)
        assert count > 0 and used <= _dest_names(pdf), essay.slug


def test_the_collection_has_a_cover_contents_every_essay_in_order_and_the_back_matter(editions):
    project = editions.project
    pdf = Pdf.parse((editions.a / "editions" / f"{COLLECTION_NAME}.pdf").read_bytes())
    pages = pdf.text()
    assert 40 <= len(pages) <= 400
    assert squash(project.site_name) in squash(pages[0])
    top = [t for depth, t in pdf.outline() if depth == 1]
    assert top == ["Contents", *[e.title for e in project.essays], "Glossary", "Bibliography"]
    # The contents list each essay with the page it starts on.
    toc = " ".join(pages[1:3])
    starts = {}
    for number, page in enumerate(pages, start=1):
        for essay in project.essays:
            if essay.title not in starts and squash(page).startswith(squash(essay.title)):
                starts[essay.title] = number
    assert len(starts) == len(project.essays), sorted(
        set(e.title for e in project.essays) - set(starts)
    )
    for title, number in starts.items():
        pattern = re.escape(squash(title)) + r"(?:\.)*" + str(number) + r"(?!\d)"
        assert re.search(pattern, squash(toc)), f"contents: {title} should say page {number}"
    assert list(starts.values()) == sorted(starts.values()), "essays are not in nav order"
    count, used = _internal_links(pdf)
    dests = _dest_names(pdf)
    assert count > 100 and used <= dests
    # Links between essays became links inside the collection (prefixed ids).
    assert any(d.startswith("glossary--") for d in used)
    assert pdf.info["Title"] == project.site_name


def test_pdfs_of_two_runs_are_identical_bytes(editions):
    names = sorted(p.name for p in (editions.a / "editions").glob("*.pdf"))
    assert len(names) == len(editions.project.essays) + 1
    for name in names:
        a = (editions.a / "editions" / name).read_bytes()
        b = (editions.b / "editions" / name).read_bytes()
        assert a == b, f"{name} differs between two runs"


def test_the_fetcher_refuses_anything_outside_the_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "ok.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
    )
    outside = tmp_path / "secret.svg"
    outside.write_text((site / "ok.svg").read_text())
    good = '<html lang="en"><body><p>Hello</p><img src="ok.svg" alt="a square"></body></html>'
    assert render_pdf(good, site).startswith(b"%PDF-")
    for src in ("https://example.org/x.png", outside.as_uri(), "../secret.svg"):
        bad = f'<html lang="en"><body><img src="{src}" alt="x"></body></html>'
        with pytest.raises(RefusedFetch, match="outside the site"):
            render_pdf(bad, site)


def test_the_reader_sees_what_a_pdf_holds(tmp_path):
    """The reader itself: a PDF made here has the text, outline and page count we gave it."""
    body = "".join(f"<h1>Part {i}</h1><h2>Sub {i}</h2><p>Words number {i}.</p>" for i in range(3))
    css = "<style>h1 { break-before: page }</style>"
    pdf = Pdf.parse(
        render_pdf(f'<html lang="en"><head>{css}</head><body>{body}</body></html>', tmp_path)
    )
    assert len(pdf.pages()) == 3
    assert pdf.outline() == [
        (d, f"{n} {i}") for i in range(3) for d, n in ((1, "Part"), (2, "Sub"))
    ]
    # Each page: its text, then the running header and the page number (pdf.css).
    for i, text in enumerate(pdf.text()):
        assert squash(text).startswith(f"Part{i}Sub{i}Wordsnumber{i}."), text
        assert squash(text).endswith(f"{i + 1}/3"), text
    assert isinstance(pdf.trailer["Root"], Ref)
