"""BibTeX records -> CSL-JSON items: the boundary where LaTeX is decoded and names split.

CSL-JSON is what Zotero, Pandoc and citeproc engines exchange, so everything downstream
(rendering, the CSL-JSON download) works on these dicts and never sees LaTeX.
"""

from __future__ import annotations

import re
from typing import Any

from bibtexparser.middlewares.names import NameParts

from .identifiers import normalise_doi, unescape
from .latex import decode, is_braced_whole
from .parse import Record

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
# Private-use characters are reserved for the renderer's markup sentinels (render.py);
# they never occur in real bibliographic data, so dropping them costs nothing.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_ARXIV_JOURNAL = re.compile(r"^arxiv\b", re.IGNORECASE)


def clean(text: str) -> str:
    """Display text with the renderer's reserved characters removed."""
    return _PRIVATE_USE.sub("", text)


def _text(record: Record, name: str) -> str:
    raw = record.text(name)
    return clean(decode(raw)) if raw else ""


def _verbatim(record: Record, name: str) -> str:
    """An identifier (URL, eprint): not decoded as text, only its LaTeX escapes undone."""
    return clean(unescape(record.text(name)))


def csl_name(parts: NameParts) -> dict[str, str]:
    """One BibTeX name -> a CSL name; ``{Corporate Name}`` becomes a literal."""
    only_last = not parts.first and not parts.von and not parts.jr and len(parts.last) == 1
    if only_last and is_braced_whole(parts.last[0]):
        return {"literal": clean(decode(parts.last[0]))}
    name: dict[str, str] = {"family": clean(decode(" ".join(parts.last)))}
    if parts.first:
        name["given"] = clean(decode(" ".join(parts.first)))
    if parts.von:
        name["non-dropping-particle"] = clean(decode(" ".join(parts.von)))
    if parts.jr:
        name["suffix"] = clean(decode(" ".join(parts.jr)))
    return name


def _names(record: Record, name: str) -> list[dict[str, str]]:
    # "and others" is BibTeX's et al.; CSL styles add their own, so it is dropped.
    return [csl_name(parts) for parts in record.names(name) if " ".join(parts.last) != "others"]


#: biblatex's ISO dates (``date``, ``urldate``): YYYY, YYYY-MM or YYYY-MM-DD.
ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _iso(value: str) -> dict[str, Any] | None:
    match = ISO_DATE.match(value)
    if not match:
        return None
    return {"date-parts": [[int(part) for part in match.groups() if part]]}


def _issued(record: Record) -> dict[str, Any] | None:
    year = record.text("year")
    if not year and record.text("date"):
        return _iso(record.text("date"))
    if not year.isdigit():
        return None
    parts = [int(year)]
    month = record.text("month").lower().rstrip(".")
    number = int(month) if month.isdigit() else _MONTHS.get(month)
    if number and 1 <= number <= 12:
        parts.append(number)
        day = record.text("day")
        if day.isdigit():
            parts.append(int(day))
    return {"date-parts": [parts]}


def _arxiv_id(record: Record) -> str:
    prefix = record.text("archiveprefix").lower()
    eprint = _verbatim(record, "eprint")
    return eprint if eprint and prefix in ("", "arxiv") else ""


def _put(item: dict[str, Any], name: str, value: Any) -> None:
    if value:
        item[name] = value


#: Pandoc's reading of the BibTeX types, with APA 7's wording for theses.
THESIS_GENRES = {"phdthesis": "Doctoral dissertation", "mastersthesis": "Master's thesis"}


def to_csl(record: Record) -> dict[str, Any]:
    """Convert one record to a CSL-JSON item (``id`` is the BibTeX key).

    Mapping (as Pandoc reads BibTeX): article -> article-journal (an ``arXiv
    preprint`` journal -> preprint); inproceedings and conference -> paper-conference;
    incollection and inbook -> chapter; book, proceedings and manual -> book;
    phdthesis and mastersthesis -> thesis; techreport -> report; unpublished ->
    manuscript; booklet -> pamphlet; online (biblatex) -> webpage; misc -> preprint
    (arXiv eprint), report (numbered series) or document.
    """
    kind = "inproceedings" if record.entry_type == "conference" else record.entry_type
    item: dict[str, Any] = {"id": record.key}
    _put(item, "title", _text(record, "title"))
    _put(item, "author", _names(record, "author"))
    _put(item, "editor", _names(record, "editor"))
    _put(item, "issued", _issued(record))
    _put(item, "accessed", _iso(record.text("urldate")))
    _put(item, "DOI", clean(normalise_doi(record.text("doi"))))
    _put(item, "URL", _verbatim(record, "url"))
    _put(item, "note", _text(record, "note"))
    _put(item, "volume", _text(record, "volume"))
    _put(item, "page", _text(record, "pages").replace("–", "-"))
    _put(item, "publisher-place", _text(record, "address"))
    _put(item, "edition", _text(record, "edition"))
    _put(item, "language", _text(record, "langid") or _text(record, "language"))
    arxiv = _arxiv_id(record)
    howpublished = _verbatim(record, "howpublished")
    if "URL" not in item and howpublished.startswith(("http://", "https://")):
        item["URL"] = howpublished
        howpublished = ""
    if arxiv and "URL" not in item and "DOI" not in item:
        item["URL"] = f"https://arxiv.org/abs/{arxiv}"
    publisher = _text(record, "publisher") or _text(record, "organization")

    journal = _text(record, "journal")
    if (kind == "article" and _ARXIV_JOURNAL.match(journal)) or (kind == "misc" and arxiv):
        item["type"] = "article"  # CSL's type for preprints
        item["publisher"] = "arXiv"
        # "nocase" (CSL-JSON rich text) keeps APA's capitalize-first from writing "ArXiv".
        _put(item, "number", f'<span class="nocase">arXiv:{arxiv}</span>' if arxiv else "")
    elif kind == "article":
        item["type"] = "article-journal"
        _put(item, "container-title", journal)
        _put(item, "issue", _text(record, "number"))
    elif kind in ("inproceedings", "incollection"):
        item["type"] = "paper-conference" if kind == "inproceedings" else "chapter"
        _put(item, "container-title", _text(record, "booktitle"))
        _put(item, "collection-title", _text(record, "series"))
        _put(item, "publisher", publisher)
    elif kind == "inbook":
        _inbook(record, item)
        _put(item, "collection-title", _text(record, "series"))
        _put(item, "publisher", publisher)
    elif kind in ("book", "proceedings", "manual"):
        item["type"] = "book"
        if "author" not in item and "editor" in item:
            # citeproc-py would print the editors twice (in the author position, then
            # again after the title): it does not suppress CSL's substituted names.
            item["author"] = item.pop("editor")
        _put(item, "collection-title", _text(record, "series"))
        _put(item, "publisher", publisher)
        _group_author(item, publisher)
    elif kind in THESIS_GENRES:
        item["type"] = "thesis"
        item["genre"] = _text(record, "type") or THESIS_GENRES[kind]
        _put(item, "publisher", _text(record, "school"))
        # With a place APA's style reads the thesis as published and drops the school.
        item.pop("publisher-place", None)
    elif kind == "techreport":
        item["type"] = "report"
        _put(item, "publisher", _text(record, "institution"))
        _put(item, "genre", _text(record, "type"))
        _put(item, "number", _text(record, "number"))
    elif kind == "unpublished":
        item["type"] = "manuscript"
        _put(item, "genre", _text(record, "type") or "Unpublished manuscript")
    elif kind == "booklet":
        item["type"] = "pamphlet"
        _put(item, "publisher", clean(decode(howpublished)) or publisher)
        _group_author(item, publisher)
    elif kind == "online":
        item["type"] = "webpage"
        _put(item, "container-title", publisher)
    elif record.text("number"):
        # A numbered series (RFCs): "(RFC 8493)" reads as a report number.
        item["type"] = "report"
        _put(item, "publisher", publisher)
        number = _text(record, "number")
        genre = clean(decode(howpublished)).replace(number, "").strip()
        _put(item, "genre", genre or _text(record, "series"))
        _put(item, "number", number)
    else:
        item["type"] = "document"
        _put(item, "publisher", publisher)
        _put(item, "genre", clean(decode(howpublished)))
    return item


def _group_author(item: dict[str, Any], organisation: str) -> None:
    """An authorless work is cited under its organisation (APA 9.11: group author).

    citeproc-py does not suppress a title it has substituted for a missing author, so
    without one the title would be printed twice.
    """
    if organisation and "author" not in item and "editor" not in item:
        item["author"] = [{"literal": organisation}]
        if item.get("publisher") == organisation:
            del item["publisher"]  # APA omits a publisher that is also the author


def _inbook(record: Record, item: dict[str, Any]) -> None:
    """@inbook: biblatex's (title in booktitle) or BibTeX's (a chapter of book title)."""
    item["type"] = "chapter"
    booktitle = _text(record, "booktitle")
    chapter = _text(record, "chapter")
    if booktitle:
        item["container-title"] = booktitle
    elif chapter:
        # BibTeX's @inbook: `title` is the book; `chapter` a number or the part's title.
        item["container-title"] = item.get("title", "")
        item["title"] = f"Chapter {chapter}" if chapter.isdigit() else chapter
    else:
        item["type"] = "book"  # pages of a book: the book is what can be cited
