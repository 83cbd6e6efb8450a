"""The "Explore" control is rendered under explorable figures only, hidden until the
script reveals it, naming its figure (the script finds the data file and the drawing
script, files as the Content-Security-Policy requires), without inline script or style."""

from __future__ import annotations

import html.parser

from publishing import embed_figures
from publishing.csp import content_inline


def _record(explorable: bool) -> dict:
    files = {"svg": "a" * 64, "csv": "b" * 64, "prov.json": "c" * 64}
    if explorable:
        files["explore.json"] = "d" * 64
    return {
        "meta": {
            "title": "Decay & growth",
            "caption": "A caption.",
            "alt": "A falling curve beside its closed form, both reaching zero.",
            "essay": "essays/x.md",
        },
        "params": {"seed": 3},
        "versions": {"python": "3.11.7"},
        "svg_sha256": "a" * 64,
        "files": files,
    }


def _embed(registry):
    out, _ = embed_figures(
        "[[figure: decay]]\n\n[[figure: flat]]\n",
        page="docs/p.md",
        line_offset=0,
        registry=registry,
        base="../../",
        repo_url="https://example.org/r",
    )
    return out


def _figure(out: str, name: str) -> str:
    start = out.index(f'id="figure-{name}"')
    return out[start : out.index("</figure>", start)]


def test_only_explorable_figures_get_the_control():
    out = _embed({"decay": _record(True), "flat": _record(False)})
    decay, flat = _figure(out, "decay"), _figure(out, "flat")
    assert '<div class="kb-explore" data-kb-explore="decay">' in decay
    assert "kb-explore" not in flat and "Explore" not in flat


def test_the_button_is_hidden_labelled_and_before_the_caption():
    decay = _figure(_embed({"decay": _record(True), "flat": _record(False)}), "decay")

    found: list[dict] = []

    class Buttons(html.parser.HTMLParser):
        def handle_starttag(self, tag, attrs):
            if tag == "button":
                found.append(dict(attrs))

    Buttons().feed(decay)
    (button,) = found
    assert button["type"] == "button" and "hidden" in button
    assert button["aria-label"] == "Explore this figure (figure 1: Decay & growth)"
    assert button["aria-haspopup"] == "dialog"
    assert decay.index('class="kb-explore"') < decay.index("<figcaption>")


def test_the_control_holds_no_inline_script_or_style():
    out = _embed({"decay": _record(True), "flat": _record(True)})
    assert content_inline(f"<article>{out}</article>") == []
    assert " style=" not in out and " on" + "click" not in out
