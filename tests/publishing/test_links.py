"""Links to pages and anchors, and essays in the nav: the shared rules on plain strings."""

from __future__ import annotations

from publishing.links import (
    anchors_from,
    essay_not_in_nav,
    link_problems,
    nav_pages,
    page_anchors,
    slugify,
)

PAGES = ["index.md", "essays/a.md", "essays/b.md", "derivations/x.md", "notebooks/n.ipynb"]
BODIES = {
    "essays/b.md": "# B\n\n## Why copies drift\n\n## Result {#variance-decay}\n",
    "derivations/x.md": "# X\n\n## Closed form\n",
}


def _problems(markdown: str, src_uri: str = "essays/a.md"):
    return link_problems(
        markdown,
        src_uri=src_uri,
        shown=f"docs/{src_uri}",
        line_offset=7,
        pages=PAGES,
        anchors=anchors_from(BODIES),
    )


def test_good_links_pass():
    text = (
        "See [b](b.md), [why](b.md#why-copies-drift), [r](b.md#variance-decay),\n"
        "[x](../derivations/x.md#closed-form), [n](../notebooks/n.ipynb), [web](https://e.org/a.md),\n"
        "[csv](../figures/f.csv) and [top](#references).\n"
    )
    assert _problems(text) == []


def test_a_missing_page_is_reported_at_its_line_and_column_with_a_near_name():
    (problem,) = _problems("Intro.\n\nRead [the other essay](bb.md) next.\n")
    assert (problem.path, problem.line) == ("docs/essays/a.md", 10)
    assert problem.problems[0].column == len("Read [the other essay](") + 1
    assert "points to a page that does not exist (essays/bb.md)" in problem.problem
    assert problem.fix.startswith("did you mean b.md?")


def test_a_missing_anchor_is_reported_with_the_near_anchor():
    (problem,) = _problems("[why](b.md#why-copies-drift-)\n")
    assert "names an anchor #why-copies-drift- that essays/b.md does not have" in problem.problem
    assert problem.fix.startswith("did you mean #why-copies-drift")
    assert problem.line == 8


def test_links_in_code_are_examples_not_links():
    assert _problems("`[x](missing.md)`\n\n```\n[y](missing.md)\n```\n") == []


def test_anchors_follow_the_toc_slugs_and_explicit_ids():
    anchors = page_anchors(
        "# Top\n\n## Où vont les copies?\n\n## Top\n\n## A {#a-b}\n[[figure: f]]\n"
    )
    assert {"top", "top_1", "ou-vont-les-copies", "a-b", "figure-f"} <= anchors
    assert slugify("Why 1,500 words?") == "why-1500-words"


def test_nav_pages_and_essays_missing_from_it():
    nav = nav_pages([{"Home": "index.md"}, {"Essays": ["essays/index.md", {"B": "essays/b.md"}]}])
    assert nav == {"index.md", "essays/index.md", "essays/b.md"}
    assert essay_not_in_nav("essays/b.md", "docs/essays/b.md", nav) is None
    problem = essay_not_in_nav("essays/a.md", "docs/essays/a.md", nav)
    assert str(problem).startswith("docs/essays/a.md:1: the essay is not in the nav of mkdocs.yml")
    assert "- essays/a.md" in problem.fix
