"""The "Cite this essay" section: a suggested citation and a BibTeX record for a page."""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from . import escape

SITE_NAME = "Collapse & Provenance"

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def latex(text: str) -> str:
    """Plain text -> a BibTeX value (LaTeX specials escaped; Unicode kept)."""
    return "".join(_LATEX_SPECIALS.get(char, char) for char in text)


def as_date(value: Any) -> _dt.date | None:
    """A front-matter date (YAML gives a date; a string 'YYYY-MM-DD' also works)."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and value.strip():
        return _dt.date.fromisoformat(value.strip()[:10])
    return None


def authors_of(meta: Mapping[str, Any]) -> list[str]:
    """The front matter's authors as a list of strings."""
    authors = meta.get("authors") or meta.get("author") or [SITE_NAME + " editors"]
    return [authors] if isinstance(authors, str) else [str(a) for a in authors]


def slug_of(url: str) -> str:
    """The last path segment of a page URL ("…/essays/copy-of-a-copy/" -> "copy-of-a-copy")."""
    segment = urlsplit(url).path.rstrip("/").rsplit("/", 1)[-1]
    segment = re.sub(r"\.(html?|md)$", "", segment)
    return re.sub(r"[^A-Za-z0-9_-]+", "-", segment).strip("-") or "essay"


def csl_item(
    meta: Mapping[str, Any], url: str, version: str, site_name: str = SITE_NAME
) -> dict[str, Any]:
    """The essay as a CSL-JSON webpage item (issued = last update, else first date)."""
    issued = as_date(meta.get("updated")) or as_date(meta.get("date"))
    item: dict[str, Any] = {
        "id": "cite-this-essay",
        "type": "webpage",
        "title": str(meta.get("title", "")).strip(),
        "author": [_csl_author(name) for name in authors_of(meta)],
        "container-title": site_name,
        "URL": url,
    }
    if issued:
        item["issued"] = {"date-parts": [[issued.year, issued.month, issued.day]]}
    if version:
        item["version"] = version
    return item


def _csl_author(name: str) -> dict[str, str]:
    # "Family, Given" is a person; anything else is kept whole, as an organisation.
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
        return {"family": family, "given": given}
    return {"literal": name.strip()}


def bibtex(
    meta: Mapping[str, Any], url: str, version: str, site_name: str = SITE_NAME
) -> tuple[str, str]:
    """(key, @misc record) for the essay; the key is the slug plus the year."""
    first = as_date(meta.get("date"))
    updated = as_date(meta.get("updated")) or first
    year = str(updated.year) if updated else "nd"
    key = f"{slug_of(url)}-{year}"
    authors = " and ".join(
        latex(name) if "," in name else "{" + latex(name) + "}" for name in authors_of(meta)
    )
    notes = []
    if version:
        notes.append(f"Version {version}")
    if updated and first and updated != first:
        notes.append(f"updated {updated.isoformat()}, first published {first.isoformat()}")
    elif updated:
        notes.append(f"published {updated.isoformat()}")
    fields = [
        ("author", "{" + authors + "}"),
        ("title", "{" + latex(str(meta.get("title", "")).strip()) + "}"),
        ("howpublished", "{" + latex(site_name) + "}"),
    ]
    if updated:
        fields += [("year", "{" + year + "}"), ("month", _MONTHS[updated.month - 1])]
    fields += [("url", "{" + url + "}")]
    if version:
        fields += [("version", "{" + latex(version) + "}")]
    if notes:
        fields += [("note", "{" + latex("; ".join(notes)) + "}")]
    width = max(len(name) for name, _ in fields)
    body = ",\n".join(f"  {name.ljust(width)} = {value}" for name, value in fields)
    return key, f"@misc{{{key},\n{body}\n}}"


def section(
    reference_html: str, record: str, version: str = "", heading: str = "Cite this essay"
) -> str:
    """Markdown for the section: the formatted citation, then the BibTeX in a code block."""
    longest = max((len(run) for run in re.findall(r"`+", record)), default=0)
    fence = "`" * max(3, longest + 1)
    version_html = (
        f'<p class="cite-this-version">Version cited: <code>{escape.text(version)}</code></p>'
        if version
        else ""
    )
    return "\n".join(
        [
            f"## {heading} {{ #cite-this-essay }}",
            "",
            f'<p class="cite-this-reference">{reference_html}</p>',
            *([version_html] if version_html else []),
            "",
            f"{fence}bibtex",
            record,
            fence,
            "",
        ]
    )
