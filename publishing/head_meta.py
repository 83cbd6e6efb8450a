"""Machine-readable description of a page for its <head>: Dublin Core, schema.org, PROV-AQ.

Three audiences read the same facts in their own vocabulary:

- library and repository harvesters read Dublin Core ``<meta name="DC.*">`` elements;
- search engines and citation managers read schema.org JSON-LD (a ScholarlyArticle for
  essays, a WebPage otherwise) and, for essays, Google Scholar's ``citation_*`` tags;
- provenance-aware clients follow PROV-AQ links: for each embedded figure, a
  ``<link rel="http://www.w3.org/ns/prov#has_provenance">`` whose ``anchor`` is the
  figure's SVG and whose target is its W3C PROV-JSON record.

Everything is escaped, and the output is the same for the same input.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from collections.abc import Iterable
from urllib.parse import quote, urlsplit

__all__ = ["LICENSE_URL", "head_html"]

LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
_RIGHTS = (
    f"Text licensed under Creative Commons Attribution 4.0 International (CC BY 4.0), {LICENSE_URL}"
)
_DC = "http://purl.org/dc/elements/1.1/"
_HAS_PROVENANCE = "http://www.w3.org/ns/prov#has_provenance"
#: Author names containing one of these words are organisations, not people.
_ORGANISATION_WORDS = re.compile(
    r"\b(editors?|team|project|collective|group|staff|board|committee|lab|institute)\b", re.I
)


def _iso(value, fallback: str | None = None) -> str | None:
    """A date (or datetime, or ISO string) as ``YYYY-MM-DD``."""
    if value is None or value == "":
        return fallback
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    try:
        return dt.date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        raise ValueError(f"not an ISO date (YYYY-MM-DD): {value!r}") from None


def _absolute(url: str, key: str) -> str:
    parts = urlsplit(str(url))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{key} must be an absolute http(s) URL, got {url!r}")
    return str(url)


def _doi(value: str) -> str:
    """A bare DOI (``10.xxxx/...``) from a DOI, ``doi:`` form or doi.org URL."""
    doi = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:)", "", value.strip(), flags=re.I)
    if not re.match(r"^10\.\d{4,9}/\S+$", doi):
        raise ValueError(f"not a DOI: {value!r}")
    return doi


def doi_url(doi: str) -> str:
    """The resolver URL of a DOI, with the characters a URL cannot hold escaped."""
    return "https://doi.org/" + quote(_doi(doi), safe="/:;()._-~")


def _person_or_org(author) -> dict:
    """schema.org Person or Organization for a name, or for ``{"name", "type"}``."""
    if isinstance(author, dict):
        name = str(author["name"])
        kind = author.get("type") or ("Organization" if _is_org(name) else "Person")
    else:
        name = str(author)
        kind = "Organization" if _is_org(name) else "Person"
    if kind not in ("Person", "Organization"):
        raise ValueError(f"author type must be Person or Organization, got {kind!r}")
    return {"@type": kind, "name": name}


def _is_org(name: str) -> bool:
    return bool(_ORGANISATION_WORDS.search(name))


def _unique(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for v in values:
        if v not in seen:
            seen.add(v)
            out.append(v)
    return out


def json_ld_script(data: dict) -> str:
    """A ``<script type="application/ld+json">`` element that no string in ``data`` can end."""
    text = json.dumps(data, ensure_ascii=True, sort_keys=True, indent=1)
    # "</" could close the element and "<!--" would change how the HTML parser reads
    # what follows; "\/" and "\u003c" are the same characters to a JSON parser.
    text = text.replace("</", "<\\/").replace("<!--", "\\u003c!--")
    return f'<script type="application/ld+json">\n{text}\n</script>'


def _meta(name: str, content: str) -> str:
    return f'<meta name="{html.escape(name)}" content="{html.escape(str(content))}">'


def _link(rel: str, href: str, **attrs: str) -> str:
    extra = "".join(f' {k}="{html.escape(v)}"' for k, v in attrs.items())
    return f'<link rel="{html.escape(rel)}" href="{html.escape(href)}"{extra}>'


def head_html(info: dict) -> str:
    """The <head> elements that describe one page.

    Args:
        info: The page's facts. Keys:
            ``title``, ``description``, ``url`` (absolute), ``site_name``,
            ``site_url`` (absolute), ``authors`` (names, or ``{"name", "type"}`` with
            type Person or Organization; a name with a word like "editors" or "team"
            is an Organization), ``date`` and ``updated`` (date or ISO string;
            ``updated`` defaults to ``date``), ``is_essay`` (bool), ``dois`` (DOIs the
            page cites), ``figures`` (``{"svg": url, "prov": url}`` per embedded
            figure, absolute, in page order), ``references`` (formatted plain-text
            references, optional), ``language`` (default ``"en"``).

    Returns:
        HTML elements, one per line, ending with a newline.

    Raises:
        ValueError: A URL is not absolute http(s), a date is not ISO, a DOI is not a DOI.
    """
    title = str(info["title"])
    description = str(info.get("description") or "")
    url = _absolute(info["url"], "url")
    site_name = str(info["site_name"])
    site_url = _absolute(info["site_url"], "site_url")
    language = str(info.get("language") or "en")
    authors = [_person_or_org(a) for a in info.get("authors") or []]
    published = _iso(info.get("date"))
    modified = _iso(info.get("updated"), published)
    is_essay = bool(info.get("is_essay"))
    dois = sorted(_unique(_doi(d) for d in info.get("dois") or []), key=str.lower)
    figures = [
        (_absolute(f["svg"], "figures[].svg"), _absolute(f["prov"], "figures[].prov"))
        for f in info.get("figures") or []
    ]
    figures = list(dict.fromkeys(figures))

    out = [_link("schema.DC", _DC), _meta("DC.title", title)]
    out += [_meta("DC.creator", a["name"]) for a in authors]
    if published:
        out.append(_meta("DC.date", published))
    if description:
        out.append(_meta("DC.description", description))
    out += [
        _meta("DC.identifier", url),
        _meta("DC.language", language),
        _meta("DC.publisher", site_name),
        _meta("DC.rights", _RIGHTS),
        _meta("DC.type", "Text"),
    ]

    website = {"@type": "WebSite", "name": site_name, "url": site_url}
    data: dict = {
        "@context": "https://schema.org",
        "@type": "ScholarlyArticle" if is_essay else "WebPage",
        "name": title,
        "url": url,
        "inLanguage": language,
        "isPartOf": website,
        "license": LICENSE_URL,
        "publisher": {"@type": "Organization", "name": site_name, "url": site_url},
    }
    if description:
        data["description"] = description
    if authors:
        data["author"] = authors
    if published:
        data["datePublished"] = published
    if modified:
        data["dateModified"] = modified
    if is_essay:
        data["headline"] = title
        data["mainEntityOfPage"] = url
        if dois:
            data["citation"] = [{"@type": "CreativeWork", "identifier": doi_url(d)} for d in dois]
        if figures:
            data["isBasedOn"] = [svg for svg, _prov in figures]
    out.append(json_ld_script(data))

    out += [_link(_HAS_PROVENANCE, prov, anchor=svg) for svg, prov in figures]

    if is_essay:
        out.append(_meta("citation_title", title))
        out += [_meta("citation_author", a["name"]) for a in authors]
        if published:
            out.append(_meta("citation_publication_date", published.replace("-", "/")))
            out.append(_meta("citation_online_date", published.replace("-", "/")))
        out += [
            _meta("citation_public_url", url),
            _meta("citation_publisher", site_name),
            _meta("citation_language", language),
        ]
        out += [_meta("citation_reference", str(r)) for r in info.get("references") or []]
    return "\n".join(out) + "\n"
