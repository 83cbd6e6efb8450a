"""Named values a figure module exports: compute, check, format, serialise.

The value mini-language (the text after ``|`` in ``[[value: module.name | fmt]]``, and a
:class:`~simulations.engine.contract.Value`'s default ``fmt``) has five forms, each optionally
preceded by ``,`` for thousands separators:

=========  =================================  ==================================
``.3f``    three decimals                     0.5987 -> ``0.599``
``3 sig``  three significant figures          0.005911 -> ``0.00591``
``%``      percent, whole (``.1%``: 1 decimal) 0.4226 -> ``42%``
``d``      whole number                        422.6 -> ``423``
``,``      whole number, thousands separated   2897.6 -> ``2,898``
=========  =================================  ==================================

``,.1f`` and ``, 3 sig`` combine the two. Negative numbers take the typographic minus
sign (U+2212), as everywhere on the site. Rounding is half-to-even on the binary value,
as Python's own formatting does.
"""

from __future__ import annotations

import dataclasses
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
    r"^(?P<comma>,)?\s*(?:\.(?P<dec>\d{1,2})f|(?P<sig>\d{1,2})\s*sig|"
    r"(?:\.(?P<pdec>\d{1,2}))?(?P<pct>%)|(?P<int>d))?$"
)
MINUS = "\u2212"


class FormatError(ValueError):
    """A format is not in the value mini-language; the message lists the forms."""


@dataclasses.dataclass(frozen=True)
class Format:
    """A parsed format: exactly one of decimals, significant figures, percent or integer."""

    thousands: bool
    decimals: int | None = None
    significant: int | None = None
    percent_decimals: int | None = None


def parse_format(spec: str) -> Format:
    """Parse a format of the mini-language (see the module docstring).

    Raises:
        FormatError: the text is not one of the forms.
    """
    m = _SPEC.match(spec.strip())
    if not m or not spec.strip():
        raise FormatError(
            f"unknown format {spec!r}; use .3f (decimals), 3 sig (significant figures), "
            "% or .1% (percent), d (whole number), or , (whole number with thousands "
            "separators), optionally after a comma: ,.1f or , 3 sig"
        )
    comma = bool(m.group("comma"))
    if m.group("dec") is not None:
        return Format(comma, decimals=int(m.group("dec")))
    if m.group("sig") is not None:
        sig = int(m.group("sig"))
        if sig < 1:
            raise FormatError(f"format {spec!r}: significant figures start at 1")
        return Format(comma, significant=sig)
    if m.group("pct"):
        return Format(comma, percent_decimals=int(m.group("pdec") or 0))
    return Format(comma, decimals=0)  # "d" or a lone ","


def _fixed(x: float, decimals: int, thousands: bool) -> str:
    text = f"{abs(x):{',' if thousands else ''}.{decimals}f}"
    negative = x < 0 and any(c not in "0.," for c in text)  # no "−0.000"
    return (MINUS if negative else "") + text


def format_number(x: float, spec: str | Format) -> str:
    """``x`` written in the mini-language format ``spec``."""
    f = parse_format(spec) if isinstance(spec, str) else spec
    if not math.isfinite(x):
        raise FormatError(f"cannot format the non-finite number {x!r}")
    if f.percent_decimals is not None:
        return _fixed(x * 100, f.percent_decimals, f.thousands) + "%"
    if f.significant is not None:
        if x == 0:
            return _fixed(0.0, f.significant - 1, f.thousands)
        rounded = float(f"{x:.{f.significant - 1}e}")  # the exponent after rounding
        exponent = math.floor(math.log10(abs(rounded)))
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
