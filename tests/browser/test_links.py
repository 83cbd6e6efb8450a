"""Every internal link in the built site resolves, fragments included.

A plain-Python crawl (``html.parser``, no browser): every ``href``, ``src``, ``srcset``
and ``poster`` in every HTML file must name a file that exists in the site, and every
``#fragment`` must name an element id (or ``<a name>``) on the target page. Links to the
published address (``site_url``, e.g. canonical links) are checked as internal. Other
http(s) links are not fetched. All failures are reported at once.
"""

from __future__ import annotations

import functools
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from tests.browser.conftest import BuiltSite, add_report

pytestmark = pytest.mark.browser

URL_ATTRS = {"href", "src", "poster", "data"}
SKIP_SCHEMES = {"mailto", "tel", "javascript", "data", "blob", "about"}
# A made-up origin to resolve relative addresses against; it is never contacted.
ROOT_URL = "http://site.invalid"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str, str]] = []  # (tag, attribute, url)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            elif name in URL_ATTRS:
                if tag == "link" and name == "href" and _rel_is_hint(attrs):
                    continue
                self.links.append((tag, name, value.strip()))
            elif name in ("srcset", "imagesrcset"):
                for item in value.split(","):
                    if item.strip():
                        self.links.append((tag, name, item.split()[0]))

    handle_startendtag = handle_starttag


def _rel_is_hint(attrs) -> bool:
    rel = dict(attrs).get("rel") or ""
    return bool({"preconnect", "dns-prefetch"} & set(rel.split()))


@functools.cache
def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8", errors="replace"))
    page.close()
    return page


def _target_file(site: BuiltSite, rel_path: str) -> Path | None:
    """The file a site-relative path would be served from, or None if there is none."""
    candidate = site.root / unquote(rel_path)
    if rel_path == "" or rel_path.endswith("/") or candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.resolve().relative_to(site.root)
    except ValueError:
        return None
    return candidate if candidate.is_file() else None


def check_links(site: BuiltSite) -> tuple[list[tuple[str, str]], dict[str, int]]:
    """All broken internal links and fragments, as (problem, where) pairs, and some counts."""
    base = f"{ROOT_URL}{site.prefix}"
    published = site.site_url.rstrip("/") + "/" if site.site_url else None
    failures: list[str] = []
    counts = {"pages": 0, "internal": 0, "fragments": 0, "external": 0}
    for html_file in sorted(site.root.rglob("*.html")):
        rel = html_file.relative_to(site.root).as_posix()
        counts["pages"] += 1
        page_url = base + (rel.removesuffix("index.html") if rel.endswith("index.html") else rel)
        for tag, attr, raw in _parse(html_file).links:
            where = f"{rel} <{tag} {attr}={raw!r}>"
            if not raw:
                failures.append(("empty address", where))
                continue
            parts = urlsplit(raw)
            if parts.scheme in SKIP_SCHEMES:
                continue
            if published and raw.startswith(published):
                raw = base + raw[len(published) :]
            elif parts.scheme in ("http", "https") or raw.startswith("//"):
                counts["external"] += 1
                continue
            elif parts.scheme:
                failures.append((f"unknown scheme {parts.scheme!r}", where))
                continue
            url = urlsplit(urljoin(page_url, raw))
            if not url.path.startswith(site.prefix):
                failures.append((f"leaves the site ({url.path})", where))
                continue
            target_rel = url.path[len(site.prefix) :]
            if PurePosixPath(unquote(target_rel)).is_absolute() or ".." in target_rel.split("/"):
                failures.append(("escapes the site root", where))
                continue
            target = _target_file(site, target_rel)
            counts["internal"] += 1
            if target is None:
                failures.append((f"no such file {target_rel or '/'}", where))
                continue
            fragment = unquote(url.fragment)
            if fragment and target.suffix == ".html":
                counts["fragments"] += 1
                if fragment not in _parse(target).ids:
                    shown = target.relative_to(site.root).as_posix()
                    failures.append((f"no id {fragment!r} on {shown}", where))
    return failures, counts


def group(failures: list[tuple[str, str]]) -> list[str]:
    """One line per distinct problem, naming every place it occurs."""
    by_problem: dict[str, list[str]] = {}
    for problem, where in failures:
        by_problem.setdefault(problem, []).append(where)
    return [
        f"{problem}  [{len(places)}x] " + "; ".join(places)
        for problem, places in sorted(by_problem.items())
    ]


def test_every_internal_link_and_fragment_resolves(site):
    failures, counts = check_links(site)
    add_report(
        "links",
        [
            f"  {counts['pages']} HTML files, {counts['internal']} internal links "
            f"({counts['fragments']} with a #fragment) checked, "
            f"{counts['external']} external links not fetched, {len(failures)} broken"
        ],
    )
    assert not failures, f"{len(failures)} broken link(s):\n" + "\n".join(group(failures))
