"""Decode LaTeX in BibTeX values into plain Unicode for display.

Most values hold no LaTeX beyond protecting braces (``{AI}``) and dashes, so those take a
fast path; only values with a backslash or ``$`` go through pylatexenc (about a
millisecond each, which would dominate loading a large file).
"""

from __future__ import annotations

import re
from functools import lru_cache

from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

_SUPERSCRIPTS = str.maketrans("0123456789+-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻")
_SIMPLE = (("---", "—"), ("--", "–"), ("``", "“"), ("''", "”"), ("~", "\u00a0"))
# A `%` not escaped by a backslash starts a LaTeX comment, which would silently cut the
# rest of the value ("about 65% of" -> "about 65"); BibTeX users mean a literal percent.
_BARE_PERCENT = re.compile(r"(?<!\\)%")
_SPACES = re.compile(r"[ \t\r\n]+")
_CARET = re.compile(r"\^\{?([0-9+-]+)\}?")


@lru_cache(maxsize=1)
def _decoder() -> LatexNodes2Text:
    context = get_default_latex_context_db()
    # \url{x} is just x (pylatexenc's default wraps it in <...>).
    context.add_context_category(
        "collapse-provenance", prepend=True, macros=[MacroTextSpec("url", simplify_repl="%s")]
    )
    return LatexNodes2Text(latex_context=context, math_mode="text")


def _simple(value: str) -> str:
    for latex, text in _SIMPLE:
        value = value.replace(latex, text)
    return value.replace("{", "").replace("}", "")


@lru_cache(maxsize=65536)
def decode(value: str) -> str:
    """LaTeX -> display text: accents, protected braces, dashes, ``\\&``, simple maths.

    Args:
        value: A raw BibTeX field value (outer braces already removed).

    Returns:
        Plain Unicode text with runs of whitespace collapsed.
    """
    if "\\" in value or "$" in value:
        try:
            text = _decoder().latex_to_text(_BARE_PERCENT.sub(r"\\%", value))
        except Exception:  # pylatexenc raises assorted errors on malformed input
            text = _simple(value)
        # "π^2/6" reads better as "π²/6".
        text = _CARET.sub(lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    else:
        text = _simple(value)
    return _SPACES.sub(" ", text).strip()


def is_braced_whole(value: str) -> bool:
    """True when the whole value is one brace group, as in a corporate name ``{Graphite}``."""
    value = value.strip()
    if len(value) < 2 or value[0] != "{" or value[-1] != "}":
        return False
    depth = 0
    for index, char in enumerate(value):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0 and index != len(value) - 1:
                return False
    return depth == 0
