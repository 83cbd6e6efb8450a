"""The ``values`` page step: values from the site context, source lines, stash, order."""

from __future__ import annotations

import dataclasses

import pytest

from publishing.errors import SourceErrors
from publishing.page_steps import DEFAULT_STEPS, run_steps, step_names, values
from publishing.values import value_table
from tests.publishing.sites import make_site, page
from tests.values.test_bind import REGISTRY


@pytest.fixture
def site(tmp_path):
    base = make_site(tmp_path)
    return dataclasses.replace(base, values=value_table(REGISTRY, ["derivations/toy.md"]))


def test_values_run_before_figures():
    names = step_names(DEFAULT_STEPS)
    assert names.index("values") < names.index("figures")


def test_the_marker_goes_through_the_stash_and_keeps_the_lines(site):
    p = page(site)
    stashed = []
    p.stash = lambda html: stashed.append(html) or f"@{len(stashed)}@"
    md = "A ratio of [[value: toy.ratio]].\n\nAnd [[value: toy.ratio | .1%]]."
    out = values(md, p)
    assert out == "A ratio of @1@.\n\nAnd @2@."
    assert stashed[0].endswith(">0.599</span>") and stashed[1].endswith(">59.9%</span>")
    assert 'class="kb-value"' in stashed[0]


def test_unknown_value_names_the_source_file_line(site):
    p = page(site, offset=7)
    with pytest.raises(SourceErrors) as err:
        values("one\n\nthree [[value: toy.ratoi]]", p)
    message = str(err.value)
    assert f"docs/essays/a.md:{p.source_line(3)}: unknown value 'toy.ratoi'" in message
    assert p.source_line(3) == 10
    assert "toy.ratio" in message  # the close match


def test_a_page_without_values_is_left_alone(site):
    md = "No numbers bound here: `[[value: toy.nope]]` is code."
    assert values(md, page(site)) == md


def test_run_steps_puts_the_number_in_the_page(site):
    out = run_steps("It is [[value: toy.ratio_sim]].", page(site, "glossary.md", meta={}))
    assert ">0.602</span>" in out and "[[value:" not in out


def test_popover_links_are_relative_to_the_page_address_under_both_generators(site):
    for from_source in (False, True):  # MkDocs, Zensical
        p = page(site)
        p.urls_from_source = from_source
        out = p.release(values("[[value: toy.ratio]]", p))
        assert "&quot;base&quot;:&quot;../../&quot;" in out, from_source
