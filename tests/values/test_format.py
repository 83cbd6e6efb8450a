"""The value mini-language: decimals, significant figures, percent, thousands, signs."""

from __future__ import annotations

import pytest

from simulations.engine.values import FormatError, format_number, parse_format


@pytest.mark.parametrize(
    ("x", "spec", "text"),
    [
        (0.5987369392383787, ".3f", "0.599"),
        (0.0059205292203339975, "2 sig", "0.0059"),
        (0.0047306655779946714, "3 sig", "0.00473"),
        (0.0059205292203339975, "1 sig", "0.006"),
        (0.5, "3 sig", "0.500"),  # significant zeros are kept
        (0.0999, "2 sig", "0.10"),  # rounding up adds a digit before the point
        (422.6157705045579, "4 sig", "422.6"),
        (2898.0809468277844, "3 sig", "2900"),
        (2898.0809468277844, ", 3 sig", "2,900"),
        (2898.0809468277844, ",", "2,898"),
        (28.85203791212041, ",", "29"),
        (422.6157705045579, "d", "423"),
        (1385.9477586412554, ",.1f", "1,385.9"),
        (0.05, "%", "5%"),
        (0.17944214993143698, "%", "18%"),
        (0.9520120105920932, ".1%", "95.2%"),
        (-0.10484721659110718, ".3f", "\u22120.105"),  # the typographic minus
        (-0.0001, ".3f", "0.000"),  # no negative zero
        (0.0, "3 sig", "0.00"),
        (20_000, ",", "20,000"),
    ],
)
def test_formats(x, spec, text):
    assert format_number(x, spec) == text


@pytest.mark.parametrize("spec", ["", "3f", ".3g", "sig", "3 sigs", "%%", ",,", "0 sig", "abs"])
def test_unknown_formats_are_refused_with_the_list_of_forms(spec):
    with pytest.raises(FormatError) as err:
        parse_format(spec)
    assert "3 sig" in str(err.value) or "significant" in str(err.value)


def test_non_finite_numbers_are_refused():
    with pytest.raises(FormatError):
        format_number(float("nan"), ".3f")
