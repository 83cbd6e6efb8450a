"""The PDF edition, made by WeasyPrint from the built site's HTML: no browser needed.

Each page's ``<article>`` is taken from the built site (so the PDF says exactly what the
site says, citations and figure numbers included), stripped of screen-only chrome, and
laid out with a stylesheet of its own (``pdf.css``). Figures are the site's own SVG
files, drawn as vectors. Resources are read only from the site folder: the fetcher
refuses every other address, so building a PDF never contacts another host.

Two outputs: one PDF per essay, and one for the whole collection (cover, contents with
page numbers, the essays in nav order, glossary and bibliography), in which links between
included pages become links inside the PDF.
"""

from __future__ import annotations

import datetime as dt
import html
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import lxml.html
from lxml import etree
from weasyprint import CSS, HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from publishing.editions.archive import content_type
from publishing.editions.project import Essay, Project

PDF_CSS = Path(__file__).with_name("pdf.css")
COLLECTION_NAME = "collapse-and-provenance"
#: Pages after the essays in the collection, by their source path.
BACK_MATTER = ("glossary.md", "bibliography.md")
# Screen-only parts of an article: tags, edit button, permalinks, hover previews, and
# the figure's interactive "reproduce" box (its record stays one click away online), and
# the figure drawn for dark pages (the PDF shows the light, full-size figure of record).
DROP = (
    "a.kb-figure-dark",
    "nav.md-tags",
    "a.md-content__button",
    "a.headerlink",
    "span.citation-tooltip",
    "details.kb-reproduce",
    "div.kb-explore",
    "details.bibliography-bibtex",
    "script",
    "form",
    "button",
    "input",
    "aside.md-source-file",
)
#: PDF/A-3b (archival): WeasyPrint 70 writes it cleanly (an sRGB output intent and XMP
#: metadata, fonts embedded), and archives ask for PDF/A. PDF/UA would need tagged
#: structure for every element; not attempted.
PDF_VARIANT = "pdf/a-3b"


class RefusedFetch(ValueError):
    """WeasyPrint asked for something outside the site folder."""


@dataclass
class SiteFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that serves files under ``root`` and refuses the rest.

    Every refused address is kept in ``refused`` so the caller can report it.
    """

    root: Path
    refused: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(allowed_protocols={"file", "data"})
        self.root = self.root.resolve()

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme == "file":
            path = Path(unquote(parts.path)).resolve()
            if path.is_relative_to(self.root) and path.is_file():
                mime = content_type(path.name).split(";")[0]
                return URLFetcherResponse(
                    url, body=path.read_bytes(), headers={"Content-Type": mime}
                )
        self.refused.append(url)
        raise RefusedFetch(f"refused (not a file of the site): {url}")


@dataclass(frozen=True)
class Part:
    """One page of the site, ready to be laid out: its cleaned article and ids prefix."""

    path: str  # site-relative URL path ("essays/x/")
    prefix: str  # id prefix in the collection ("essays-x")
    article: etree._Element


def page_file(site_dir: Path, path: str) -> Path:
    return site_dir / path / "index.html" if path == "" or path.endswith("/") else site_dir / path


def read_article(site_dir: Path, path: str) -> etree._Element:
    """The cleaned ``<article>`` of a built page.

    Raises:
        FileNotFoundError: the page was not built.
        ValueError: the page has no ``<article>``.
    """
    file = page_file(site_dir, path)
    doc = lxml.html.fromstring(file.read_bytes())
    found = doc.xpath("//article")
    if not found:
        raise ValueError(f"{file}: no <article> element; is it a page of the built site?")
    article = found[0]
    for selector in DROP:
        tag, _, cls = selector.partition(".")
        test = f"[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]" if cls else ""
        for el in article.xpath(f".//{tag}{test}"):
            el.drop_tree()
    article.attrib.pop("class", None)
    article.set("class", "page")
    return article


def _prefix(path: str) -> str:
    return path.strip("/").replace("/", "-") or "home"


def _resolve(path: str, href: str) -> tuple[str, str] | None:
    """(site path, fragment) a relative link from page ``path`` leads to, or None if it
    leaves the site."""
    base = "http://site.invalid/" + path
    target = urlsplit(urljoin(base, href))
    if target.netloc != "site.invalid":
        return None
    rel = posixpath.normpath(target.path).lstrip("/")
    if target.path.endswith("/") and rel and not rel.endswith("/"):
        rel += "/"
    if rel == ".":
        rel = ""
    return rel, target.fragment


def rewrite(part: Part, parts: dict[str, str], project: Project, site_dir: Path) -> None:
    """Make one article stand alone in a PDF, in place.

    Ids get the page's prefix (in the collection, every essay has its own
    ``#ref-...`` list); links to a page in ``parts`` become links inside the PDF, other
    links to the site become its canonical addresses, and images point at the site's
    files.

    Args:
        part: the page.
        parts: site path -> id prefix of every page laid out in the same PDF.
        project: the site's settings (for canonical addresses).
        site_dir: the built site.
    """
    root = site_dir.resolve()
    for el in part.article.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("id"):
            el.set("id", f"{part.prefix}--{el.get('id')}")
        if el.tag == "img" and el.get("src"):
            where = _resolve(part.path, el.get("src"))
            if where is not None:
                el.set("src", (root / unquote(where[0])).as_uri())
            el.attrib.pop("loading", None)
        href = el.get("href")
        if el.tag != "a" or not href or href.startswith(("mailto:", "data:")):
            continue
        if href.startswith("#"):
            el.set("href", f"#{part.prefix}--{href[1:]}")
            continue
        where = _resolve(part.path, href)
        if where is None:
            continue  # another site: keep the address
        target, fragment = where
        if target in parts:
            anchor = f"{parts[target]}--{fragment}" if fragment else parts[target]
            el.set("href", "#" + anchor)
        else:
            el.set("href", project.site_url + target + (f"#{fragment}" if fragment else ""))


def _meta(title: str, authors, description: str, created, modified, keywords=()) -> str:
    e = html.escape
    out = [f"<title>{e(title)}</title>"]
    out += [f'<meta name="author" content="{e(a)}">' for a in authors]
    if description:
        out.append(f'<meta name="description" content="{e(description)}">')
    if keywords:
        out.append(f'<meta name="keywords" content="{e(", ".join(keywords))}">')
    # WeasyPrint turns these into the PDF's creation and modification dates.
    out.append(f'<meta name="dcterms.created" content="{created.isoformat()}">')
    out.append(f'<meta name="dcterms.modified" content="{modified.isoformat()}">')
    out.append('<meta name="generator" content="Collapse &amp; Provenance editions">')
    return "\n".join(out)


def _html(head: str, body: str, lang: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        f"{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


def _serialize(el: etree._Element) -> str:
    return lxml.html.tostring(el, encoding="unicode")


def essay_html(project: Project, essay: Essay, site_dir: Path) -> str:
    """The HTML document the PDF of one essay is made from."""
    part = Part(essay.path, _prefix(essay.path), read_article(site_dir, essay.path))
    rewrite(part, {essay.path: part.prefix}, project, site_dir)
    colophon = (
        f'<p class="colophon">From <i>{html.escape(project.site_name)}</i>, '
        f'<a href="{html.escape(essay.url)}">{html.escape(essay.url)}</a>. '
        "Text CC BY 4.0.</p>"
    )
    head = _meta(
        essay.title, essay.authors, essay.description, essay.date, essay.updated, essay.tags
    )
    return _html(
        head + f'\n<meta name="kb-running-title" content="{html.escape(essay.title)}">',
        f'<div class="running-title">{html.escape(essay.title)}</div>\n'
        + _serialize(part.article)
        + colophon,
        project.language,
    )


def _title_of(article: etree._Element, fallback: str) -> str:
    h1 = article.xpath(".//h1")
    return h1[0].text_content().strip() if h1 else fallback


def collection_html(project: Project, site_dir: Path, source_date: str) -> str:
    """The HTML document of the whole collection: cover, contents, essays, back matter.

    Args:
        project: the site's settings and essays (in nav order).
        site_dir: the built site.
        source_date: the edition's date (``YYYY-MM-DD``), from the newest essay.
    """
    e = html.escape
    paths = [essay.path for essay in project.essays]
    paths += [project.page_path(src) for src in BACK_MATTER if src in project.nav]
    parts = [Part(p, _prefix(p), read_article(site_dir, p)) for p in paths]
    prefixes = {p.path: p.prefix for p in parts}
    for part in parts:
        rewrite(part, prefixes, project, site_dir)
        part.article.set("id", part.prefix)
    toc = "\n".join(
        f'<li><a href="#{p.prefix}">{e(_title_of(p.article, p.path))}</a></li>' for p in parts
    )
    cover = (
        '<section class="cover">\n'
        f'<h1 class="cover-title">{e(project.site_name)}</h1>\n'
        f'<p class="cover-subtitle">{e(project.description)}</p>\n'
        f'<p class="cover-edition">The collected essays, glossary and bibliography. '
        f"Edition of {e(source_date)}.</p>\n"
        f'<p class="cover-address"><a href="{e(project.site_url)}">{e(project.site_url)}</a></p>\n'
        f'<p class="cover-rights">{e(project.author)}. Text CC BY 4.0.</p>\n'
        "</section>\n"
        f'<nav class="toc" aria-label="Contents"><h2 class="toc-title">Contents</h2>\n'
        f"<ol>\n{toc}\n</ol></nav>\n"
    )
    body = cover + "\n".join(f'<div class="chapter">{_serialize(p.article)}</div>' for p in parts)
    authors = sorted({a for essay in project.essays for a in essay.authors}) or [project.author]
    essays = project.essays
    created = min((x.date for x in essays), default=None)
    modified = max((x.updated for x in essays), default=None)
    day = dt.date.fromisoformat(source_date)
    head = _meta(project.site_name, authors, project.description, created or day, modified or day)
    return _html(head, body, project.language)


def render_pdf(document: str, site_dir: Path, *, variant: str | None = PDF_VARIANT) -> bytes:
    """Lay out an HTML document with ``pdf.css`` and return the PDF's bytes.

    Raises:
        RefusedFetch: the document asked for a resource outside ``site_dir``.
    """
    fetcher = SiteFetcher(Path(site_dir))
    doc = HTML(
        string=document,
        base_url=Path(site_dir).resolve().as_uri() + "/",
        url_fetcher=fetcher,
    )
    pdf = doc.write_pdf(
        stylesheets=[CSS(filename=str(PDF_CSS), url_fetcher=fetcher)],
        pdf_variant=variant,
        # A fixed identifier: by default it would be a hash of the content, which is
        # already fixed, but saying so keeps the bytes independent of that default.
        pdf_identifier=b"collapse-and-provenance",
        uncompressed_pdf=False,
    )
    if fetcher.refused:
        raise RefusedFetch(
            "the PDF asked for resources outside the site: " + ", ".join(fetcher.refused)
        )
    return pdf
