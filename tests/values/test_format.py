"""The value mini-language: decimals, significant figures, percent, thousands, signs,
scientific notation and rounding toward −∞ or +∞."""

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
        # scientific notation, written as the essays type it (U+00D7, superscript exponent)
        (2.0**-8, "2 sci", "3.9 \u00d7 10\u207b\u00b3"),
        (2.1312e-28, "2 sci", "2.1 \u00d7 10\u207b\u00b2\u2078"),
        (2.5e10, "2 sci", "2.5 \u00d7 10\u00b9\u2070"),
        (1e-3, "1 sci", "10\u207b\u00b3"),  # a mantissa of exactly 1 is left out
        (1e-3, "2 sci", "1.0 \u00d7 10\u207b\u00b3"),  # unless its zeros are significant
        (2e-3, "1 sci", "2 \u00d7 10\u207b\u00b3"),
        (9.96e-5, "2 sci", "1.0 \u00d7 10\u207b\u2074"),  # rounding moves the exponent
        (-3.9e-3, "2 sci", "\u22123.9 \u00d7 10\u207b\u00b3"),
        (-1e-3, "1 sci", "\u221210\u207b\u00b3"),
        (3.0, "2 sci", "3.0 \u00d7 10\u2070"),
        (0.0, "2 sci", "0.0"),
        # rounding toward −∞ (down) or +∞ (up) at the printed precision
        (1.6577716808883836, ".1f down", "1.6"),
        (1.6577716808883836, ".1f", "1.7"),
        (1.6577716808883836, ".1f up", "1.7"),
        (0.009867835281280638, "% up", "1%"),
        (0.009867835281280638, "% down", "0%"),
        (0.0067, ".1% up", "0.7%"),
        (0.07, "% up", "7%"),  # the decimal 0.07, not its binary value just above it
        (0.07, "% down", "7%"),
        (2898.08, "3 sig down", "2890"),
        (2898.08, ", 3 sig up", "2,900"),
        (9.96e-5, "2 sci down", "9.9 \u00d7 10\u207b\u2075"),
        (0.0999, "1 sig up", "0.1"),  # up to the next power of ten
        (-1.65, ".1f down", "\u22121.7"),  # toward −∞, not toward zero
        (-1.65, ".1f up", "\u22121.6"),
        (2897.6, ", down", "2,897"),
        (422.6, "d up", "423"),
    ],
)
def test_formats(x, spec, text):
    assert format_number(x, spec) == text


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "3f",
        ".3g",
        "sig",
        "3 sigs",
        "%%",
        ",,",
        "0 sig",
        "abs",
        "0 sci",
        ", 2 sci",
        "down",
        ".1f sideways",
        ".1fdown",
    ],
)
def test_unknown_formats_are_refused_with_the_list_of_forms(spec):
    with pytest.raises(FormatError) as err:
        parse_format(spec)
    assert "3 sig" in str(err.value) or "significant" in str(err.value)


def test_non_finite_numbers_are_refused():
    with pytest.raises(FormatError):
        format_number(float("nan"), ".3f")
