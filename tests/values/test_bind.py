"""bind_values on plain strings: formats, markers, unknown names, code left alone."""

from __future__ import annotations

import html
import json
import re

import pytest

from publishing.errors import SourceErrors
from publishing.values import bind_values, value_refs_in, value_table
from simulations.engine.contract import ContractError, check_values, closed_form, simulated

REGISTRY = {
    "toy": {
        "params": {"n": 20, "seed": 1},
        "meta": {"essay": "essays/toy.md"},
        "values": {
            "ratio": {
                "kind": "closed form",
                "value": 0.5987369392383787,
                "description": "a ratio",
                "unit": "",
                "format": ".3f",
                "se": 0.0,
                "replicates": 0,
                "check": "",
                "derivation": "derivations/toy.md#ratio",
            },
            "ratio_sim": {
                "kind": "simulated",
                "value": 0.6021,
                "description": "its estimate",
                "unit": "",
                "format": ".3f",
                "se": 0.0055,
                "replicates": 20000,
                "check": "ratio",
                "derivation": "",
            },
        },
    }
}


def _bind(text: str, derivations=("derivations/toy.md",), stash=str) -> str:
    return bind_values(
        text,
        value_table(REGISTRY, derivations),
        page="docs/essays/x.md",
        line_offset=5,
        stash=stash,
        base="../../",
    )


def _plain(text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", text))


def test_default_and_explicit_formats():
    out = _bind("a [[value: toy.ratio]] b [[value: toy.ratio | 2 sig]] c [[value: toy.ratio|%]]")
    assert _plain(out) == "a 0.599 b 0.60 c 60%"


def test_marker_carries_provenance():
    out = _bind("x [[value: toy.ratio_sim]] y")
    m = re.search(r'<span class="kb-value" data-kb-value="([^"]*)">0\.602</span>', out)
    assert m, out
    data = json.loads(html.unescape(m.group(1)))
    assert data["kind"] == "simulated" and data["se"] == "0.0055"
    assert data["replicates"] == "20,000" and data["check"] == "toy.ratio"
    assert data["name"] == "toy.ratio_sim" and "n = 20" in data["params"]
    assert data["base"] == "../../" and data["figure"] == "essays/toy/#figure-toy"


def test_parameters_are_carried_once_per_module_and_page():
    out = _bind("[[value: toy.ratio]] [[value: toy.ratio_sim]] [[value: toy.ratio]]")
    payloads = [json.loads(html.unescape(p)) for p in re.findall(r'data-kb-value="([^"]*)"', out)]
    assert ["params" in p for p in payloads] == [True, False, False]


def test_derivation_link_only_when_the_page_exists():
    with_page = json.loads(
        html.unescape(re.search(r'data-kb-value="([^"]*)"', _bind("[[value: toy.ratio]]")).group(1))
    )
    assert with_page["derivation"] == "derivations/toy/#ratio"
    without = _bind("[[value: toy.ratio]]", derivations=())
    assert "derivation" not in json.loads(
        html.unescape(re.search(r'data-kb-value="([^"]*)"', without).group(1))
    )


def test_stash_receives_the_html():
    stashed: list[str] = []

    def stash(h: str) -> str:
        stashed.append(h)
        return f"@@{len(stashed)}@@"

    assert _bind("[[value: toy.ratio]] and [[value: toy.ratio]]", stash=stash) == "@@1@@ and @@2@@"
    assert all(h.startswith('<span class="kb-value"') for h in stashed)


def test_unknown_name_names_file_line_and_close_matches():
    with pytest.raises(SourceErrors) as err:
        _bind("fine\n\nsee [[value: toy.raito]] here")
    text = str(err.value)
    assert text.startswith("docs/essays/x.md:8: unknown value 'toy.raito'")
    assert "did you mean toy.ratio" in text


def test_bad_format_names_file_and_line():
    with pytest.raises(SourceErrors) as err:
        _bind("[[value: toy.ratio | 3 sigs]]")
    assert "docs/essays/x.md:6:" in str(err.value) and "unknown format" in str(err.value)


def test_code_is_left_alone():
    text = "`[[value: toy.nope]]`\n\n```\n[[value: toy.nope]]\n```\n"
    assert _bind(text) == text
    assert value_refs_in(text + "[[value: toy.ratio]]") == [("toy.ratio", 5)]


def test_table_pipes_cannot_break_the_attribute():
    out = _bind("| a | [[value: toy.ratio]] |")
    assert out.count("|") == 3


def test_simulated_value_far_from_its_closed_form_fails_naming_both():
    values = {
        "exact": closed_form(1.0, "the truth"),
        "estimate": simulated(1.5, 0.1, 100, "an estimate", check="exact"),
    }
    with pytest.raises(ContractError) as err:
        check_values("toy", values)
    text = str(err.value)
    assert "'estimate'" in text and "'exact'" in text and "5.0 standard errors" in text


def test_simulated_value_within_four_standard_errors_passes():
    check_values(
        "toy",
        {"exact": closed_form(1.0, "t"), "estimate": simulated(1.39, 0.1, 100, "e", check="exact")},
    )


def test_check_must_name_a_closed_form():
    with pytest.raises(ContractError, match="not a closed-form value"):
        check_values("toy", {"estimate": simulated(1.0, 0.1, 10, "e", check="missing")})
