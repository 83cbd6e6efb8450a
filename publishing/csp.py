"""A Content-Security-Policy for every page, written into the page (the host sends no headers).

The site asks no other host for anything, and the browser tests check that; this policy
makes the browser enforce it for every reader. Each HTML page gets, as early as possible
in its ``<head>`` (right after ``<meta charset>``, before any script or stylesheet), a
``<meta http-equiv="Content-Security-Policy">`` that allows:

- scripts, styles, fonts, connections (the search index), workers (Material's search
  worker, a file of the site) and the web manifest from the site's own origin only;
- the theme's inline scripts by their SHA-256 (Material's small boot scripts on every
  page, the lazy-search shim of ``overrides/main.html``, the 404 page's script), so an
  injected script, which has another hash, does not run; never ``'unsafe-eval'``;
- the theme's inline ``<style>`` elements by their SHA-256 in the same way (the
  self-contained 404 page carries its styles inline, since a host serves it at any
  depth); ``style=""`` attributes are not allowed (none of our pages has one);
- images from the site and as ``data:`` URIs. The ``data:`` source is needed on every
  page: Material's own stylesheet draws its icons as ``data:image/svg+xml`` masks, and
  notebook pages hold their plot outputs as ``data:image/png``. An image cannot run
  script, so this widens what can be *shown*, not what can run;
- nothing else: ``default-src 'none'``, ``object-src 'none'``, ``base-uri 'self'``,
  ``form-action 'self'``.

Only what the templates write is hashed, never what stands in a page's ``<article>``
(Markdown, raw HTML in an essay, a notebook's cells): page content cannot run script or
bring inline styles, and :func:`add_csp` refuses a site whose content holds either
(:class:`InlineContent`), instead of letting the policy allow it. Notebook pages' own
template scripts and styles become files first (``publishing.notebook_assets``).

Every page gets the same policy, holding the hashes of every page's inline scripts and
styles (ten in all today). Material's instant navigation swaps pages in without a new
document load, so the policy of the first page a reader opens governs every page after
it; a policy per page would refuse the inline scripts of the next one.

Inline scripts and styles are hashed from the pages' final bytes, so :func:`add_csp` must
be the last step that rewrites HTML: it is the site step ``content_security_policy``,
after the generator, every page step and every other after-build rewrite, just before the
site is sealed (the seal then vouches for the policy too). A later rewrite of an inline
script would make the browser refuse it, which the browser test catches.
"""

from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path

__all__ = [
    "RUNTIME_STYLES",
    "InlineContent",
    "PageWithoutHead",
    "add_csp",
    "inline_script_hashes",
    "inline_style_hashes",
    "policy_for",
    "with_csp",
]

_SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script\s*>", re.I | re.S)
_TYPE = re.compile(r"""\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
_STYLE = re.compile(r"<style\b[^>]*>(?P<body>.*?)</style\s*>", re.I | re.S)
_SRC = re.compile(r"\bsrc\s*=", re.I)
#: Script types a browser executes; others (JSON, JSON-LD) are data, which CSP ignores.
_JS_TYPES = {"", "module", "text/javascript", "application/javascript", "text/ecmascript"}
_OLD_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="[^"]*">\n?', re.I)
_CHARSET = re.compile(r"<meta charset=[^>]*>\n?", re.I)
_HEAD = re.compile(r"<head\b[^>]*>\n?", re.I)


def _source(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


#: Styles a theme's script inserts at run time, which no built page holds. Zensical
#: 0.0.73's bundle (``bundle.77dd0ce9.min.js``) gives its search dialog a shadow root with
#: one constant ``<style>``; a new bundle with other text shows up as a violation in
#: tests/browser/test_csp.py, with the hash to put here.
RUNTIME_STYLES = ("'sha256-NwSx/R2V/U4jnW0Tq5pQ53Y/rzPVJ4dqE7D6UTA/J1k='",)
_ARTICLE = re.compile(r"<article\b.*</article\s*>", re.I | re.S)


class InlineContent(ValueError):
    """A page's content (its ``<article>``) holds an inline script or ``<style>``.

    Attributes:
        path: The built page.
        snippet: The start of the element, to find it in the source.
    """

    def __init__(self, path: Path, snippet: str):
        self.path, self.snippet = path, snippet
        super().__init__(f"{path}: inline script or style in the page's content: {snippet}")


def content_inline(page: str) -> list[str]:
    """The inline executable scripts and ``<style>`` elements inside the page's article."""
    m = _ARTICLE.search(page)
    if m is None:
        return []
    article = m.group(0)
    found = [s.group(0) for s in _STYLE.finditer(article)]
    for s in _SCRIPT.finditer(article):
        if not _SRC.search(s.group("attrs")) and _is_js(s.group("attrs")):
            found.append(s.group(0))
    return found


def template_part(page: str) -> str:
    """The page without its article: what the theme's templates wrote."""
    return _ARTICLE.sub("", page)


def _is_js(attrs: str) -> bool:
    t = _TYPE.search(attrs)
    kind = next((g for g in t.groups() if g is not None), "") if t else ""
    return kind.strip().lower() in _JS_TYPES


class PageWithoutHead(ValueError):
    """A built HTML file has no ``<head>`` to hold its policy (``path`` names it)."""

    def __init__(self, path: Path | None = None):
        self.path = path
        where = f"{path}: " if path is not None else ""
        super().__init__(f"{where}the page has no <head> to hold a Content-Security-Policy")


def inline_style_hashes(page: str) -> list[str]:
    """CSP sources (``'sha256-…'``) for the page's ``<style>`` elements, sorted."""
    return sorted({_source(m.group("body")) for m in _STYLE.finditer(page)})


def inline_script_hashes(page: str) -> list[str]:
    """CSP sources (``'sha256-…'``) for the page's inline executable scripts, sorted."""
    out = set()
    for m in _SCRIPT.finditer(page):
        attrs = m.group("attrs")
        if _SRC.search(attrs):
            continue
        if not _is_js(attrs):
            continue
        out.add(_source(m.group("body")))
    return sorted(out)


def policy_for(*pages: str) -> str:
    """The policy allowing the templates' inline scripts and styles in ``pages`` (their
    final HTML); whatever stands in a page's ``<article>`` is not allowed."""
    parts = [template_part(p) for p in pages]
    scripts = " ".join(["'self'", *sorted({h for p in parts for h in inline_script_hashes(p)})])
    inline = {h for p in parts for h in inline_style_hashes(p)} | set(RUNTIME_STYLES)
    styles = " ".join(["'self'", *sorted(inline)])
    return "; ".join(
        [
            "default-src 'none'",
            f"script-src {scripts}",
            f"style-src {styles}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
        ]
    )


def with_csp(page: str, policy: str | None = None) -> str:
    """The page with ``policy`` (default: its own) as the first element after
    ``<meta charset>``, replacing an earlier policy, so running twice gives the same bytes."""
    page = _OLD_CSP.sub("", page)
    policy = policy_for(page) if policy is None else policy
    meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}">\n'
    anchor = _CHARSET.search(page) or _HEAD.search(page)
    if anchor is None:
        raise PageWithoutHead()
    return page[: anchor.end()] + meta + page[anchor.end() :]


def add_csp(site_dir: Path) -> str:
    """Write the site's policy into each of its HTML pages; returns the policy.

    Raises:
        PageWithoutHead: a page has no ``<head>`` (names the file).
        InlineContent: a page's content holds an inline script or style (names both).
    """
    pages = {
        path: _OLD_CSP.sub("", path.read_text(encoding="utf-8"))
        for path in sorted(Path(site_dir).rglob("*.html"))
    }
    for path, page in pages.items():
        if found := content_inline(page):
            raise InlineContent(path, " ".join(found[0].split())[:80])
    policy = policy_for(*pages.values())
    for path, page in pages.items():
        try:
            new = with_csp(page, policy)
        except PageWithoutHead:
            raise PageWithoutHead(path) from None
        path.write_text(new, encoding="utf-8")
    return policy
