"""publishing.mathml on plain strings: what becomes MathML, what is left alone, what fails."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import markdown
import pytest

from publishing.errors import SourceError
from publishing.markdown_lines import lines_outside_code, split_front_matter
from publishing.mathml import render_math, to_mathml

MATHML = "{http://www.w3.org/1998/Math/MathML}"
_CODE = re.compile(r"`[^`]*`")


class Stash:
    """A stand-in for Python-Markdown's htmlStash: keeps the HTML, returns a token."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def __call__(self, html: str) -> str:
        self.items.append(html)
        return f"@@{len(self.items) - 1}@@"


def render(text: str, **kw) -> tuple[str, list[str]]:
    stash = Stash()
    return render_math(text, stash, **kw), stash.items


def test_inline_math_becomes_mathml_with_tex_fallback():
    out, items = render(r"The variance falls as $\sigma_t^2 = r^t$ here.")
    assert out == "The variance falls as @@0@@ here."
    root = ET.fromstring(items[0])
    assert root.tag == f"{MATHML}math"
    assert root.get("display") == "inline"
    assert root.get("alttext") == r"\sigma_t^2 = r^t"
    annotation = root.find(f"{MATHML}semantics/{MATHML}annotation")
    assert annotation is not None
    assert annotation.get("encoding") == "application/x-tex"
    assert annotation.text == r"\sigma_t^2 = r^t"
    assert root.find(f".//{MATHML}msubsup") is not None


def test_display_math_is_a_scrolling_block_of_its_own():
    text = "Before.\n\n$$\n\\frac{n-1}{n}\n$$\n\nAfter."
    out, items = render(text)
    assert out == "Before.\n\n@@0@@\n\nAfter."
    box = ET.fromstring(items[0])
    assert box.tag == "div"
    assert box.get("class") == "kb-math"
    assert box.get("tabindex") == "0"
    math = box.find(f"{MATHML}math")
    assert math is not None and math.get("display") == "block"
    assert math.find(f".//{MATHML}mfrac") is not None


def test_one_line_display_math_and_indentation_are_kept():
    out, items = render('!!! note "x"\n    $$ a = b $$\n    text')
    assert out == '!!! note "x"\n\n    @@0@@\n\n    text'
    assert 'display="block"' in items[0]


def test_code_is_left_untouched():
    text = "Use `$x$` or ``a $b$ c``.\n\n```\n$$ y $$ and $z$\n```\n\n~~~\n$w$\n~~~"
    out, items = render(text)
    assert out == text
    assert items == []


@pytest.mark.parametrize(
    "text",
    [
        "It costs $5 and $10.",
        "Between $5 and $ 10",
        "Pay $5, or $6 if late.",
        "A $ sign alone, and $ another.",
        "Prices: $3.50 to $4.",
        "From $5 to $6, or $7.",
    ],
)
def test_currency_is_not_math(text):
    out, items = render(text)
    assert out == text
    assert items == []


def test_escaped_dollar_is_a_literal_dollar():
    out, items = render(r"Write \$5 or $x$.")
    assert out == "Write &#36;5 or @@0@@."
    assert len(items) == 1


def test_the_whole_path_through_python_markdown():
    md = markdown.Markdown(extensions=["publishing.mathml", "admonition"])
    html = md.convert('Inline $a_1$.\n\n$$ x^2 $$\n\n!!! note "n"\n    $$ y $$\n')
    assert html.count("<math ") == 3
    assert '<p><div class="kb-math"' not in html  # the block replaces the paragraph
    assert "$" not in html


def test_bad_latex_names_file_line_and_fix():
    text = "line one\n\nthen $\\frac{a}{$ breaks"
    with pytest.raises(SourceError) as err:
        render(text, page="docs/derivations/x.md", line_offset=4)
    message = str(err.value)
    assert message.startswith("docs/derivations/x.md:7: cannot convert the inline math")
    assert "braces" in err.value.fix


def test_unknown_command_is_an_error():
    with pytest.raises(SourceError, match=r"unknown command \\frobnicate"):
        render("$$ \\frobnicate{x} $$", page="p.md")


def test_unclosed_display_math_is_an_error():
    with pytest.raises(SourceError) as err:
        render("a\n$$\nx = 1\n\nmore", page="p.md")
    assert err.value.line == 2
    assert "not closed" in err.value.problem


def test_to_mathml_rejects_an_empty_formula():
    with pytest.raises(ValueError, match="empty"):
        to_mathml("  ")


# -- the site's own pages -------------------------------------------------------------------

ROOT = Path(__file__).resolve().parents[2]


def _has_math(page: Path) -> bool:
    body = split_front_matter(page.read_text())[1]
    return any("$" in _CODE.sub("", line) for _i, line in lines_outside_code(body))


MATH_PAGES = sorted(p for p in (ROOT / "docs").rglob("*.md") if _has_math(p))
MATH_IDS = [p.relative_to(ROOT / "docs").with_suffix("").as_posix() for p in MATH_PAGES]


def test_the_derivations_and_essays_have_math():
    names = {p.relative_to(ROOT).as_posix() for p in MATH_PAGES}
    assert "docs/derivations/gaussian-copying.md" in names
    assert "docs/essays/copy-of-a-copy.md" in names


@pytest.mark.parametrize("page", MATH_PAGES, ids=MATH_IDS)
def test_every_formula_on_the_site_converts(page):
    _yaml, body, offset = split_front_matter(page.read_text())
    stash = Stash()
    out = render_math(body, stash, page=page.relative_to(ROOT).as_posix(), line_offset=offset)
    assert stash.items, "a page with $ signs should hold at least one formula"
    for html in stash.items:
        assert "<math " in html and 'encoding="application/x-tex"' in html
    leftover = [line for _i, line in lines_outside_code(out) if "$" in _CODE.sub("", line)]
    assert leftover == [], f"unconverted $ in {page.name}: {leftover[:3]}"


def test_the_extension_names_the_source_file_and_line(tmp_path):
    """In a build, the page's Markdown has a header prepended; the error still points at
    the line of the source file that holds the bad formula."""
    from mkdocs.exceptions import PluginError

    from publishing import mathml

    source = tmp_path / "page.md"
    source.write_text("---\ntitle: T\n---\n\nFine $x$.\n\nBroken $\\frac{a}{$ here.\n")
    mathml.set_page("docs/page.md", source)
    md = markdown.Markdown(extensions=["publishing.mathml"])
    try:
        with pytest.raises(PluginError) as err:
            md.convert("# Header\n\nadded by the build\n\nFine $x$.\n\nBroken $\\frac{a}{$ here.\n")
    finally:
        mathml.set_page("<markdown>")
    assert "docs/page.md:7: cannot convert the inline math" in str(err.value)
