"""template_text: front-matter text that prints literally from a theme template."""

from __future__ import annotations

from jinja2 import Environment

from publishing.template_text import escape_fields, plain_text, template_text

HOSTILE = "<img src=x onerror=alert(1)>"
QUOTED = 'Why researchers settled on the name "collapse".'


def _render(source: str, **context) -> str:
    # MkDocs renders themes without autoescaping, exactly like this environment.
    return Environment(autoescape=False).from_string(source).render(**context)


def test_a_raw_print_shows_the_text_and_an_escaping_print_does_not_escape_twice():
    title = template_text(HOSTILE)
    assert _render("{{ t }}", t=title) == "&lt;img src=x onerror=alert(1)&gt;"
    assert _render("{{ t | e }}", t=title) == "&lt;img src=x onerror=alert(1)&gt;"
    assert "<img" not in _render('<a aria-label="{{ t | e }}">{{ t }}</a>', t=title)


def test_a_double_quote_cannot_end_an_attribute():
    html = _render('<meta name="description" content="{{ d }}">', d=template_text(QUOTED))
    assert html == (
        '<meta name="description" content="Why researchers settled on the name '
        '&#34;collapse&#34;.">'
    )


def test_escaping_twice_is_escaping_once_and_plain_text_gives_the_raw_value_back():
    once = template_text("A & B")
    assert template_text(once) is once
    assert plain_text(once) == "A & B"
    assert plain_text(template_text("&amp;")) == "&amp;"
    assert plain_text("not markup") == "not markup"


def test_escape_fields_covers_title_description_and_authors_and_nothing_else():
    meta = {
        "title": HOSTILE,
        "description": QUOTED,
        "authors": ["A <b>bold</b> author", {"name": "An org", "type": "Organization"}],
        "author": "Single & only",
        "date": "2026-01-02",
        "tags": ["<not printed by us>"],
    }
    out = escape_fields(meta)
    assert meta["title"] == HOSTILE  # the original is not changed
    assert str(out["title"]) == "&lt;img src=x onerror=alert(1)&gt;"
    assert str(out["description"]).count("&#34;") == 2
    assert str(out["authors"][0]) == "A &lt;b&gt;bold&lt;/b&gt; author"
    assert out["authors"][1] == {"name": "An org", "type": "Organization"}
    assert str(out["author"]) == "Single &amp; only"
    assert out["date"] == "2026-01-02" and out["tags"] == ["<not printed by us>"]
