"""Named values a figure module exports: compute, check, format, serialise.

The value mini-language (the text after ``|`` in ``[[value: module.name | fmt]]``, and a
:class:`~simulations.engine.contract.Value`'s default ``fmt``) has six forms, the first five
optionally preceded by ``,`` for thousands separators:

=========  =================================  ==================================
``.3f``    three decimals                     0.5987 -> ``0.599``
``3 sig``  three significant figures          0.005911 -> ``0.00591``
``%``      percent, whole (``.1%``: 1 decimal) 0.4226 -> ``42%``
``d``      whole number                        422.6 -> ``423``
``,``      whole number, thousands separated   2897.6 -> ``2,898``
``2 sci``  scientific, two significant figures 0.00390625 -> ``3.9 × 10⁻³``
=========  =================================  ==================================

``,.1f`` and ``, 3 sig`` combine the two. In ``sci`` the exponent is written with Unicode
superscripts, as the essays type it, and a mantissa of exactly 1 is left out (``1 sci``:
0.001 -> ``10⁻³``). Negative numbers take the typographic minus sign (U+2212), as
everywhere on the site. Rounding is half-to-even on the binary value, as Python's own
formatting does, unless the format ends in ``down`` or ``up``: then the value is rounded
toward minus or plus infinity at the printed precision (``.1f down``: 1.6578 -> ``1.6``;
``% up``: 0.0099 -> ``1%``), so that "past [[value: … | .1f down]]" and
"under [[value: … | % up]]" stay true whatever the parameters.
"""

from __future__ import annotations

import dataclasses
import decimal
import difflib
import json
import math
import re

from simulations.engine.contract import ContractError, Value, check_values

__all__ = [
    "VALUE_TOKEN",
    "FormatError",
    "compute_values",
    "format_meta",
    "format_number",
    "format_text",
    "parse_format",
    "values_json",
]

#: ``[[value: name]]`` or ``[[value: name | fmt]]`` (name may be ``module.name``).
VALUE_TOKEN = re.compile(r"\[\[value:\s*(?P<ref>[^\]|]*?)\s*(?:\|\s*(?P<fmt>[^\]]*?)\s*)?\]\]")
_SPEC = re.compile(
    r"^(?P<comma>,)?\s*(?:\.(?P<dec>\d{1,2})f|(?P<sig>\d{1,2})\s*sig|(?P<sci>\d{1,2})\s*sci|"
    r"(?:\.(?P<pdec>\d{1,2}))?(?P<pct>%)|(?P<int>d))?(?:\s+(?P<dir>down|up))?$"
)
MINUS = "\u2212"
TIMES = "\u00d7"
_SUPERSCRIPT = str.maketrans(
    "-0123456789", "\u207b\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
)
_ROUNDING = {"down": decimal.ROUND_FLOOR, "up": decimal.ROUND_CEILING}


class FormatError(ValueError):
    """A format is not in the value mini-language; the message lists the forms."""


@dataclasses.dataclass(frozen=True)
class Format:
    """A parsed format: exactly one of decimals, significant figures, percent or integer."""

    thousands: bool
    decimals: int | None = None
    significant: int | None = None
    percent_decimals: int | None = None
    scientific: bool = False
    direction: str | None = None  # "down" or "up": round toward −∞ or +∞


def parse_format(spec: str) -> Format:
    """Parse a format of the mini-language (see the module docstring).

    Raises:
        FormatError: the text is not one of the forms.
    """
    m = _SPEC.match(spec.strip())
    if not m or not spec.strip() or spec.strip() in ("down", "up"):
        raise FormatError(
            f"unknown format {spec!r}; use .3f (decimals), 3 sig (significant figures), "
            "% or .1% (percent), d (whole number), , (whole number with thousands "
            "separators) or 2 sci (scientific notation), optionally after a comma: ,.1f or "
            ", 3 sig, and optionally followed by down or up (round toward −∞ or +∞): .1f down"
        )
    comma = bool(m.group("comma"))
    direction = m.group("dir")
    if m.group("dec") is not None:
        return Format(comma, decimals=int(m.group("dec")), direction=direction)
    if m.group("sig") is not None or m.group("sci") is not None:
        sig = int(m.group("sig") or m.group("sci"))
        if sig < 1:
            raise FormatError(f"format {spec!r}: significant figures start at 1")
        scientific = m.group("sci") is not None
        if scientific and comma:
            raise FormatError(
                f"format {spec!r}: scientific notation (2 sci: two significant figures) "
                "takes no thousands separators"
            )
        return Format(comma, significant=sig, scientific=scientific, direction=direction)
    if m.group("pct"):
        return Format(comma, percent_decimals=int(m.group("pdec") or 0), direction=direction)
    return Format(comma, decimals=0, direction=direction)  # "d" or a lone ","


def _fixed(x: float, decimals: int, thousands: bool) -> str:
    text = f"{abs(x):{',' if thousands else ''}.{decimals}f}"
    negative = x < 0 and any(c not in "0.," for c in text)  # no "−0.000"
    return (MINUS if negative else "") + text


def _directed(x: float, places: int, direction: str, scale: int = 0) -> decimal.Decimal:
    """``x·10^scale`` rounded to ``places`` decimals (negative: tens…) toward −∞ or +∞.

    Decimal arithmetic on the shortest decimal that reads back as ``x`` (its ``repr``), so
    that 0.07 up to a whole percent is 7, not 8 as its binary value 0.0700000000000000067
    or 0.07 * 100 = 7.000000000000001 would give.
    """
    with decimal.localcontext() as ctx:
        ctx.prec = 100  # more than any double's shortest decimal, times a power of ten
        step = decimal.Decimal(1).scaleb(-places)
        exact = decimal.Decimal(repr(float(x))).scaleb(scale)
        return exact.quantize(step, rounding=_ROUNDING[direction])


def _significant(x: float, f: Format) -> tuple[float, int]:
    """``x`` (not zero) rounded to ``f.significant`` figures, and its decimal exponent then."""
    sig = f.significant
    if f.direction is None:
        text = f"{x:.{sig - 1}e}"  # Python's rounding; the exponent is the one after it
        return float(text), int(text.split("e")[1])
    places = sig - 1 - decimal.Decimal(repr(float(x))).adjusted()
    rounded = _directed(x, places, f.direction)  # up may reach a power of ten: 9.96 -> 10.0
    return float(rounded), rounded.adjusted()


def _scientific(x: float, f: Format) -> str:
    """``3.9 × 10⁻³``: mantissa with ``f.significant`` figures, superscript exponent."""
    if x == 0:
        return _fixed(0.0, f.significant - 1, False)
    rounded, exponent = _significant(x, f)
    mantissa = _fixed(float(f"{rounded:e}".split("e")[0]), f.significant - 1, False)
    power = "10" + str(exponent).translate(_SUPERSCRIPT)
    if mantissa.lstrip(MINUS) == "1":  # 10⁻³, not 1 × 10⁻³
        return mantissa[:-1] + power
    return f"{mantissa} {TIMES} {power}"


def format_number(x: float, spec: str | Format) -> str:
    """``x`` written in the mini-language format ``spec``."""
    f = parse_format(spec) if isinstance(spec, str) else spec
    if not math.isfinite(x):
        raise FormatError(f"cannot format the non-finite number {x!r}")
    if f.scientific:
        return _scientific(x, f)
    if f.direction is not None:
        if f.percent_decimals is not None:
            places = f.percent_decimals
            percent = float(_directed(x, places, f.direction, scale=2))
            return _fixed(percent, places, f.thousands) + "%"
        if f.significant is None:
            places = f.decimals or 0
            return _fixed(float(_directed(x, places, f.direction)), places, f.thousands)
    if f.percent_decimals is not None:
        return _fixed(x * 100, f.percent_decimals, f.thousands) + "%"
    if f.significant is not None:
        if x == 0:
            return _fixed(0.0, f.significant - 1, f.thousands)
        rounded, exponent = _significant(x, f)
        return _fixed(rounded, max(0, f.significant - 1 - exponent), f.thousands)
    return _fixed(x, f.decimals or 0, f.thousands)


def compute_values(module, params, result) -> dict[str, Value]:
    """Call the module's ``values(params, result)`` (if any) and check what it returns."""
    fn = getattr(module, "values", None)
    if fn is None:
        return {}
    name = module.__name__.rsplit(".", 1)[-1]
    values = fn(params, result)
    check_values(name, values)
    for key, v in values.items():
        try:
            parse_format(v.fmt)
        except FormatError as exc:
            raise ContractError(f"simulations/{name}.py: value '{key}': {exc}") from None
    return values


def values_json(name: str, values: dict[str, Value]) -> str:
    """The published ``<name>.values.json``: sorted keys, floats in shortest repr."""
    doc = {
        "figure": name,
        "values": {
            key: {
                "kind": v.kind,
                "value": v.value,
                "description": v.description,
                "unit": v.unit,
                "format": v.fmt,
                "se": v.se,
                "replicates": v.replicates,
                "check": v.check,
                "derivation": v.derivation,
            }
            for key, v in sorted(values.items())
        },
    }
    return json.dumps(doc, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def unknown_value_hint(ref: str, known: list[str]) -> str:
    """'did you mean ...?' for a misspelt value name."""
    close = difflib.get_close_matches(ref, known, n=3, cutoff=0.6)
    return f"did you mean {', '.join(close)}?" if close else ""


def format_text(text: str, values: dict[str, Value], where: str) -> str:
    """Replace ``[[value: name]]`` / ``[[value: name | fmt]]`` in plain text (captions, alt).

    Raises:
        ContractError: an unknown value name or format, naming ``where``.
    """

    def one(m: re.Match) -> str:
        ref = m.group("ref").rsplit(".", 1)[-1]
        v = values.get(ref)
        if v is None:
            hint = unknown_value_hint(ref, sorted(values))
            raise ContractError(
                f"{where}: unknown value '{m.group('ref')}'. {hint} "
                f"Values of this module: {', '.join(sorted(values)) or 'none'}".replace("  ", " ")
            )
        try:
            return format_number(v.value, m.group("fmt") or v.fmt)
        except FormatError as exc:
            raise ContractError(f"{where}: {exc}") from None

    return VALUE_TOKEN.sub(one, text)


def format_meta(name: str, meta: dict, values: dict[str, Value]) -> dict:
    """META as published: caption and alt text with the module's values written in."""
    out = dict(meta)
    for field in ("caption", "alt"):
        out[field] = format_text(meta[field], values, f"simulations/{name}.py: META.{field}")
    return out
