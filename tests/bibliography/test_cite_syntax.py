"""Pandoc citation syntax: what is a citation, what is left alone, and on which line."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bibliography import scan_keys
from bibliography.cite_syntax import CITATION_PATTERN, CiteItem, Cluster, Malformed, substitute


def clusters(markdown: str) -> list[Cluster | Malformed]:
    found: list[Cluster | Malformed] = []

    def keep(cluster):
        found.append(cluster)
        return cluster.source

    substitute(markdown, keep)
    return found


def keys(markdown: str) -> list[str]:
    return [key for key, _ in scan_keys(markdown)]


def test_one_compiled_pattern():
    assert CITATION_PATTERN.pattern.count("(?P<bracket>") == 1
    assert CITATION_PATTERN.pattern.count("(?P<narrative>") == 1


@pytest.mark.parametrize(
    ("text", "items", "narrative"),
    [
        ("[@a]", [CiteItem("a")], False),
        ("[@a; @b]", [CiteItem("a"), CiteItem("b")], False),
        ("[see @a, p. 12]", [CiteItem("a", prefix="see", label="page", locator="12")], False),
        ("[-@a]", [CiteItem("a", suppress_author=True)], False),
        ("[see -@a, pp. 3-5]", [CiteItem("a", "see", "page", "3-5", "", True)], False),
        ("[@a, chap. 2]", [CiteItem("a", label="chapter", locator="2")], False),
        ("[@a, sec. 4.2]", [CiteItem("a", label="section", locator="4", suffix=".2")], False),
        ("[@a, 33]", [CiteItem("a", label="page", locator="33")], False),
        (
            "[@a, pp. 33-35, 38, and passim]",
            [CiteItem("a", "", "page", "33-35, 38", ", and passim")],
            False,
        ),
        ("[@a, emphasis added]", [CiteItem("a", suffix=", emphasis added")], False),
        ("[@a p. 3]", [CiteItem("a", suffix=" p. 3")], False),
        ("[compare @a.b-c:d_e+f; @g]", [CiteItem("a.b-c:d_e+f", "compare"), CiteItem("g")], False),
        ("@a", [CiteItem("a")], True),
        ("@a [p. 33]", [CiteItem("a", label="page", locator="33")], True),
    ],
)
def test_citation_forms(text, items, narrative):
    (cluster,) = clusters(f"Before {text} after.")
    assert isinstance(cluster, Cluster)
    assert list(cluster.items) == items
    assert cluster.narrative is narrative
    assert cluster.source == text


def test_narrative_key_stops_before_punctuation():
    assert keys("As @a. And @b, and (@c) and @d: and @e; done") == ["a", "b", "c", "d", "e"]


def test_narrative_with_bracket_that_is_not_a_locator_keeps_the_bracket():
    markdown = "As @a [see the appendix] shows"
    assert substitute(markdown, lambda c: "X") == "As X [see the appendix] shows"


def test_malformed_bracket_is_reported():
    (cluster,) = clusters("Text [see @a @b] text")
    assert isinstance(cluster, Malformed) and "one cited work" in cluster.reason


@pytest.mark.parametrize(
    "markdown",
    [
        "Inline `[@a]` code and ``two `@b` ticks``.",
        "```\n[@a] and @b\n```\n",
        "~~~python\n@a\n~~~\n",
        "````\n```\n@a\n```\n````\n",
        "```\nunclosed fence @a\n",
        "Paragraph.\n\n    indented code @a\n    more [@b]\n",
        "!!! note\n    Text.\n\n        code in an admonition @a\n",
        "- item\n\n        code in a list @a\n",
        "!!! note\n    ```\n    fenced in an admonition @a\n    ```\n",
        "Mail name@example.org or first.last+tag@sub.example.co.uk today.",
        "See https://mastodon.social/@user and www.example.org/@a and <https://x.org/@b>.",
        "Write to <mailto:someone@example.org> or <someone@example.org>.",
        "<!-- @a is commented out -->",
        '<img alt="@a" src="x.png"> and <span title="[@b]">t</span>',
        "<pre>@a</pre> and <code>[@b]</code>",
        "A link [@a](https://example.org) and a definition\n\n[@b]: https://example.org\n",
        "Escaped \\@a is literal.",
        "Price 3 @ 4 and a@ b and an @ sign.",
    ],
)
def test_left_alone(markdown):
    assert keys(markdown) == []


def test_escaped_at_becomes_a_literal_at_sign():
    assert substitute("Write \\@a here", lambda c: "X") == "Write &#64;a here"


@pytest.mark.parametrize(
    "markdown",
    [
        "!!! note\n    In an admonition [@a].\n\n    Second paragraph @a.\n",
        "- item [@a]\n\n    continuation @a\n",
        "1. first\n2. second @a\n    - nested [@a]\n",
        "Text[^1].\n\n[^1]: A footnote citing @a.\n",
        "| col |\n|-----|\n| [@a] |\n",
        "# Heading with @a\n",
        "After code:\n\n```\ncode\n```\n\nback in prose [@a].\n",
        "Paragraph.\n\n    code\n\nProse again @a.\n",
    ],
)
def test_expanded_in_containers(markdown):
    assert set(keys(markdown)) == {"a"}


def test_lines_are_those_of_the_file():
    markdown = "Line one [@a].\n\n```\n@skipped\n```\nLine six @b and\n[see @c;\n@d]\n"
    # A bracket cannot span lines: "[see @c;" is not a citation, "@d]" is narrative.
    assert scan_keys(markdown) == [("a", 1), ("b", 6), ("c", 7), ("d", 8)]
    assert scan_keys(markdown, line_offset=10) == [("a", 11), ("b", 16), ("c", 17), ("d", 18)]


def test_scan_keys_reports_repeats_in_order():
    assert keys("[@b; @a] then @b then [-@a]") == ["b", "a", "b", "a"]


# Text drawn from Markdown's busiest characters, brackets, backticks and newlines.
_TEXT = st.text(
    alphabet=st.sampled_from(list("ab xyz019.,;:-_*[]()<>`~!#|{}\"'\n\t\\/=+&%^$?é—")),
    max_size=300,
)


@settings(max_examples=300, deadline=None)
@given(_TEXT.filter(lambda t: "@" not in t))
def test_text_without_at_signs_is_untouched(text):
    assert substitute(text, lambda c: "CITATION") == text
    assert scan_keys(text) == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab @[];-,.p `~\n")), max_size=200))
def test_replacing_each_citation_by_its_source_is_the_identity(text):
    # Every citation is found as the exact text it was written as.
    assert substitute(text, lambda c: c.source) == text
