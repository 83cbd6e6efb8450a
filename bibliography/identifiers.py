"""DOIs and URLs as written in BibTeX -> the identifiers a link needs.

BibTeX files escape LaTeX's special characters in every field, identifiers included
(``10.1016/j.x\\_9``, ``https://example.org/\\~{}user``), because the styles of the day
typeset those fields as text. A link must carry the characters themselves, so the
escapes are undone here; otherwise ``\\_`` becomes ``%5C_`` in an href and the link is
dead. DOIs are then checked against the DOI syntax (``10.<registrant>/<suffix>``, the
registrant being digits with optional dot-separated sub-parts).
"""

from __future__ import annotations

import re
from urllib.parse import unquote

#: The DOI syntax (ISO 26324): directory indicator 10, a numeric registrant code with
#: optional ".NNN" subdivisions, a slash, then a non-empty suffix of printable characters.
DOI_RE = re.compile(r"^10\.\d{4,9}(?:\.\d+)*/\S+$")
_URL_MACRO = re.compile(r"^\\url\{(.*)\}$", re.DOTALL)
_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)
# Most specific first: `{\textasciitilde}` before `\textasciitilde`, `\~{}` before `\~`.
_ESCAPES = (
    (re.compile(r"\{\\textasciitilde\}|\\textasciitilde(?:\{\})?|\\~(?:\{\})?|\$\\sim\$"), "~"),
    (re.compile(r"\{\\_\}|\\textunderscore(?:\{\})?"), "_"),
    (re.compile(r"\\slash(?:\{\})?"), "/"),
    (re.compile(r"\\([_%&#$])"), r"\1"),
)


def unescape(value: str) -> str:
    """Undo BibTeX/LaTeX escaping in an identifier (DOI, URL, eprint).

    ``\\url{...}`` is unwrapped, ``\\_ \\% \\& \\# \\$`` lose their backslash,
    ``\\~{}``, ``{\\textasciitilde}`` and ``$\\sim$`` become ``~``, and the remaining
    grouping braces go (neither DOIs in practice nor URLs (RFC 3986) contain braces).

    Args:
        value: The raw field value (outer delimiters already removed).

    Returns:
        The identifier as it must appear in a link, surrounding whitespace removed.
    """
    value = value.strip()
    match = _URL_MACRO.match(value)
    if match:
        value = match.group(1).strip()
    for pattern, replacement in _ESCAPES:
        value = pattern.sub(replacement, value)
    return value.replace("{", "").replace("}", "").strip()


def normalise_doi(value: str) -> str:
    """A DOI field -> the bare DOI: escapes undone, a resolver or ``doi:`` prefix dropped.

    Args:
        value: The raw ``doi`` field.

    Returns:
        The bare DOI (``10.1038/s41586-024-07566-y``); check it with ``is_doi``.
    """
    doi = unescape(value)
    bare = _DOI_PREFIX.sub("", doi)
    if bare != doi and doi.lower().startswith("http"):
        bare = unquote(bare)  # a resolver URL percent-encodes what the DOI holds
    return bare.strip()


def is_doi(doi: str) -> bool:
    """True when ``doi`` (already normalised) follows the DOI syntax."""
    return bool(DOI_RE.match(doi))
