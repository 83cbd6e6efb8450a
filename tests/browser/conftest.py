"""The built site, served from 127.0.0.1, and one Chromium for every browser test.

The site is read from ``site/`` (or ``$KB_SITE_DIR``) and served by a threaded
``http.server`` on a free port, under the same path prefix as the published site (the
path of ``site_url``, read from the sitemap), so absolute links such as those on the 404
page resolve exactly as they will in production. Unknown addresses get the site's own
404 page, as on GitHub Pages. A missing site is a failure, never a skip: the tests say to
run ``make site``.

Reports (axe findings below the failing impacts, page weights, timings) are printed in
the terminal summary, so they are visible in a passing run too.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("KB_SITE_DIR", ROOT / "site")).resolve()
CHROMIUM = os.environ.get("KB_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
LOCAL_HOST = "127.0.0.1"

# -- reporting --------------------------------------------------------------------------

_REPORT: list[tuple[str, list[str]]] = []
_DURATIONS: dict[str, float] = {}


def add_report(title: str, lines: list[str]) -> None:
    """Queue a block of lines for the terminal summary (and print it for -s runs)."""
    _REPORT.append((title, lines))
    print(f"\n== {title}\n" + "\n".join(lines))


def pytest_runtest_logreport(report):
    if "tests/browser/" in report.nodeid.replace("\\", "/"):
        _DURATIONS[report.nodeid] = _DURATIONS.get(report.nodeid, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter):
    if not _REPORT and not _DURATIONS:
        return
    for title, lines in _REPORT:
        terminalreporter.section(title, sep="-")
        for line in lines:
            terminalreporter.write_line(line)
    if _DURATIONS:
        terminalreporter.section("browser tests: time", sep="-")
        for nodeid, seconds in sorted(_DURATIONS.items(), key=lambda kv: -kv[1]):
            terminalreporter.write_line(f"{seconds:7.1f} s  {nodeid.split('::', 1)[-1]}")
        terminalreporter.write_line(f"{sum(_DURATIONS.values()):7.1f} s  total")


# -- the built site ---------------------------------------------------------------------


@dataclass(frozen=True)
class BuiltSite:
    """What the tests need to know about the built site.

    Attributes:
        root: the folder holding index.html.
        prefix: the URL path the site is published under ("/knowledge-base/").
        site_url: the published address of the home page ("" if unknown).
        pages: every page as a path relative to the site root ("", "about/", "404.html").
        essays: the essay pages ("essays/copy-of-a-copy/"), not the essays index.
    """

    root: Path
    prefix: str
    site_url: str
    pages: list[str] = field(default_factory=list)
    essays: list[str] = field(default_factory=list)

    def file_for(self, rel: str) -> Path:
        """The file a site-relative URL path is served from."""
        rel = unquote(rel)
        if rel == "" or rel.endswith("/"):
            return self.root / rel / "index.html"
        return self.root / rel


def _published_root(site_dir: Path) -> str:
    """The home page's published URL, from the sitemap (the shortest <loc>)."""
    sitemap = site_dir / "sitemap.xml"
    if not sitemap.exists():
        return ""
    locs = [el.text.strip() for el in ET.parse(sitemap).iter() if el.tag.endswith("loc")]
    return min(locs, key=len) if locs else ""


def load_site(site_dir: Path = SITE_DIR) -> BuiltSite:
    if not (site_dir / "index.html").is_file():
        pytest.fail(
            f"no built site at {site_dir} (no index.html): run `make site` first "
            "(or point KB_SITE_DIR at a built site)",
            pytrace=False,
        )
    pages = sorted(
        p.relative_to(site_dir).as_posix().removesuffix("index.html")
        for p in site_dir.rglob("*.html")
        if p.name in ("index.html", "404.html")
    )
    essays = [p for p in pages if p.startswith("essays/") and p != "essays/"]
    site_url = _published_root(site_dir)
    prefix = urlsplit(site_url).path or "/"
    if not prefix.endswith("/"):
        prefix += "/"
    return BuiltSite(site_dir, prefix, site_url, pages, essays)


@pytest.fixture(scope="package")
def site() -> BuiltSite:
    return load_site()


# -- the server -------------------------------------------------------------------------


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the site under its prefix; anything else gets the site's 404 page."""

    prefix = "/"

    def translate_path(self, path: str) -> str:
        route = urlsplit(path).path
        if not route.startswith(self.prefix):
            return str(Path(self.directory) / "\0outside-the-site")
        return super().translate_path("/" + path[len(self.prefix) :])

    def send_error(self, code, message=None, explain=None):
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)
        return None

    def log_message(self, format, *args):  # the tests report failures themselves
        pass


@dataclass(frozen=True)
class Server:
    origin: str  # "http://127.0.0.1:PORT"
    site: BuiltSite

    def url(self, rel: str = "") -> str:
        """The served address of a site-relative path ("essays/x/")."""
        return f"{self.origin}{self.site.prefix}{rel}"


def serve(built: BuiltSite):
    """Start a threaded server for ``built`` on a free port; returns (server, Server)."""
    handler = type("Handler", (_SiteHandler,), {"prefix": built.prefix})
    httpd = http.server.ThreadingHTTPServer(
        (LOCAL_HOST, 0), functools.partial(handler, directory=str(built.root))
    )
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, name="site-server", daemon=True).start()
    return httpd, Server(f"http://{LOCAL_HOST}:{httpd.server_port}", built)


@pytest.fixture(scope="package")
def server(site: BuiltSite) -> Iterator[Server]:
    httpd, srv = serve(site)
    try:
        yield srv
    finally:
        httpd.shutdown()
        httpd.server_close()


# -- the browser ------------------------------------------------------------------------


@pytest.fixture(scope="package")
def chromium():
    """One headless Chromium for all browser tests (Debian's; Playwright cannot download)."""
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `make chromium` "
            "(or `sudo apt-get install -y chromium`)",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    started = time.perf_counter()
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"Chromium {browser.version} started in {time.perf_counter() - started:.1f} s")
        try:
            yield browser
        finally:
            browser.close()


def is_local(url: str) -> bool:
    """True for addresses that never leave the machine: 127.0.0.1, data:, blob:, about:."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about"):
        return True
    return parts.hostname == LOCAL_HOST


@dataclass
class Traffic:
    """Everything one browser context asked for, and what went wrong."""

    requests: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    responses: list = field(default_factory=list)

    def clear(self) -> None:
        for items in (self.requests, self.foreign, self.failed, self.console_errors):
            items.clear()
        self.responses.clear()

    def problems(self, ignore_status_of: str | None = None) -> list[str]:
        """Every distinct problem, once: foreign hosts, failed and 4xx/5xx requests,
        console errors and uncaught exceptions.

        The browser echoes each failed load as a console error ("Failed to load
        resource"); those echoes are dropped when the request itself is reported.
        """
        out = [f"request to another host: {u}" for u in self.foreign]
        bad = [r for r in self.responses if r.status >= 400 and r.url != ignore_status_of]
        out += [f"HTTP {r.status}: {r.url}" for r in bad]
        answered = {r.url for r in bad}
        out += [f"failed request: {f}" for f in self.failed if f.split(" (")[0] not in answered]
        for e in self.console_errors:
            if e.startswith("Failed to load resource") and (bad or self.failed or ignore_status_of):
                continue
            out.append(f"console error: {e}")
        return list(dict.fromkeys(out))


def new_context(browser, traffic: Traffic | None = None, **options):
    """A browser context that records its traffic and blocks every non-local request.

    Blocked requests are still recorded (as foreign), so a test can say which asset or
    script tried to reach another host, without the test ever contacting it.
    """
    options.setdefault("viewport", DESKTOP)
    options.setdefault("service_workers", "block")
    context = browser.new_context(**options)
    context.set_default_timeout(15_000)
    if traffic is None:
        return context

    def on_request(request):
        traffic.requests.append(request.url)
        if not is_local(request.url):
            traffic.foreign.append(request.url)

    def on_failed(request):
        if not is_local(request.url):
            return  # already reported as foreign; it failed because we blocked it
        traffic.failed.append(f"{request.url} ({request.failure})")

    def on_page(page):
        page.on("console", lambda m: m.type == "error" and traffic.console_errors.append(m.text))
        page.on("pageerror", lambda e: traffic.console_errors.append(f"uncaught: {e}"))

    context.on("request", on_request)
    context.on("requestfailed", on_failed)
    context.on("response", lambda r: traffic.responses.append(r))
    context.on("page", on_page)
    context.route(lambda url: not is_local(url), lambda route: route.abort("blockedbyclient"))
    return context


def settle(page, timeout: float = 10_000) -> None:
    """Wait until the page is loaded and the network has been idle for a moment."""
    page.wait_for_load_state("load")
    # A page that polls would never idle; the checks run anyway.
    with contextlib.suppress(Exception):
        page.wait_for_load_state("networkidle", timeout=timeout)


def load_lazy_images(page, *, hidden: bool = True) -> None:
    """Fetch the lazy images (the figures) now and wait for them.

    Args:
        page: the page.
        hidden: also fetch images that are not rendered (the other palette's figure
            variant): checks that every image loads want them. With ``False``, only what
            scrolling down would fetch: Chromium never loads a lazy image that is not
            rendered, so a reader in the light palette never downloads the dark figures.
    """
    page.evaluate(
        """async (hidden) => {
            const imgs = [...document.images].filter(i => hidden || i.getClientRects().length);
            for (const img of imgs) if (img.loading === 'lazy') img.loading = 'eager';
            await Promise.all(imgs.filter(i => !i.complete).map(i => new Promise(r => {
                i.addEventListener('load', r, {once: true});
                i.addEventListener('error', r, {once: true});
            })));
        }""",
        hidden,
    )


# -- one visit per page, shared by the page and page-weight tests -----------------------


@dataclass
class Visit:
    """One page loaded in a fresh context: its status, traffic and transferred bytes."""

    path: str
    status: int | None
    problems: list[str]
    requests: list[str]
    bytes_by_url: dict[str, int]
    kinds: dict[str, str]

    @property
    def total(self) -> int:
        return sum(self.bytes_by_url.values())

    def bytes_of(self, kind: str) -> int:
        return sum(n for u, n in self.bytes_by_url.items() if self.kinds[u] == kind)


def resource_kind(url: str, resource_type: str) -> str:
    path = urlsplit(url).path.lower()
    if path.endswith(".svg") and "/figures/" in path:
        return "figures"
    if resource_type in ("document",):
        return "html"
    if resource_type == "stylesheet" or path.endswith(".css"):
        return "css"
    if resource_type == "script" or path.endswith((".js", ".mjs")):
        return "js"
    if resource_type == "image" or path.endswith((".svg", ".png", ".jpg", ".webp", ".ico")):
        return "images"
    if resource_type == "font":
        return "fonts"
    return "data"


def _body_size(response) -> int:
    try:
        return len(response.body())
    except Exception:  # redirects have no body; fall back to what the network layer saw
        try:
            return max(0, response.request.sizes()["responseBodySize"])
        except Exception:
            return 0


def visit(page, traffic: Traffic, server: Server, rel: str) -> Visit:
    """Load one page, its lazy figures included as a reader scrolling down would fetch them
    (not the other palette's variants), and account for everything it fetched.

    The page's context must come from ``new_context`` with ``traffic``: its routing
    disables the HTTP cache, so every visit is a cold load.
    """
    traffic.clear()
    response = page.goto(server.url(rel), wait_until="load")
    load_lazy_images(page, hidden=False)
    settle(page)
    sizes: dict[str, int] = {}
    kinds: dict[str, str] = {}
    for r in traffic.responses:
        if r.status >= 300 or not is_local(r.url) or r.url.startswith("data:"):
            continue
        sizes[r.url] = sizes.get(r.url, 0) or _body_size(r)
        kinds[r.url] = resource_kind(r.url, r.request.resource_type)
    return Visit(
        path=rel,
        status=response.status if response else None,
        problems=traffic.problems(),
        requests=list(traffic.requests),
        bytes_by_url=sizes,
        kinds=kinds,
    )


@pytest.fixture(scope="package")
def visits(chromium, server: Server, site: BuiltSite) -> dict[str, Visit]:
    """Every page of the site, each loaded once, cold (routing disables the cache)."""
    traffic = Traffic()
    context = new_context(chromium, traffic, color_scheme="light")
    try:
        page = context.new_page()
        return {rel: visit(page, traffic, server, rel) for rel in site.pages}
    finally:
        context.close()
