"""BibTeX ``@string`` macros and ``#`` concatenation, resolved the way BibTeX does.

BibTeX reads a .bib file once, top to bottom. A field value is a list of pieces joined
by ``#``: ``{braced}`` or ``"quoted"`` text, a bare number, or a macro name, which is
replaced by the value of the latest ``@string`` *above* it (names ignore case). A name
with no definition above is "undefined": BibTeX prints a warning and uses empty text,
so a macro used before its ``@string`` prints nothing. The standard styles predefine
``jan`` ... ``dec`` as the month names.

bibtexparser 2's ``ResolveStringReferencesMiddleware`` differs: it replaces a value only
when the *whole* value is one macro name (``jn # " Studies"`` stays literal text), and it
looks names up in every ``@string`` of the file, later ones included. This module
replaces it. Where BibTeX would silently print nothing (an undefined name, or a name
defined only further down) we report the line and a fix instead of publishing a gap.
"""

from __future__ import annotations

from dataclasses import dataclass

from bibtexparser import model
from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware

#: The month macros of BibTeX's standard styles (plain.bst: ``MACRO {jan} {"January"}``).
MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}

# Characters that end a bare macro name or number (BibTeX's "legal id" stops at these).
_ID_END = set(' \t\r\n#{}"=,()%')


@dataclass(frozen=True)
class MacroProblem:
    """A macro that BibTeX would leave undefined at the place it is used.

    Attributes:
        line: 1-based line of the field (or ``@string``) that uses it.
        name: The macro name as written.
        key: The record key ('' in an ``@string``).
        field: The field name ('' in an ``@string``).
        defined_on: 1-based line of a later ``@string`` that defines it, if any.
    """

    line: int
    name: str
    key: str
    field: str
    defined_on: int | None = None


class _Unparsable(ValueError):
    """The value is not a ``#``-joined list of pieces (left for validation to report)."""


def _pieces(value: str) -> list[tuple[str, str]]:
    """Split a raw value into (kind, text) pieces: ``text`` (enclosure removed) or ``name``."""
    pieces: list[tuple[str, str]] = []
    i, n = 0, len(value)
    while True:
        while i < n and value[i].isspace():
            i += 1
        if i >= n:
            raise _Unparsable("a value ends with #")
        char = value[i]
        if char == "{":
            depth, start = 0, i
            while i < n:
                depth += {"{": 1, "}": -1}.get(value[i], 0)
                i += 1
                if depth == 0:
                    break
            if depth:
                raise _Unparsable("unbalanced braces")
            pieces.append(("text", value[start + 1 : i - 1]))
        elif char == '"':
            depth, start = 0, i + 1
            i += 1
            while i < n and not (value[i] == '"' and depth == 0):
                depth += {"{": 1, "}": -1}.get(value[i], 0)
                i += 1
            if i >= n:
                raise _Unparsable("unclosed quote")
            pieces.append(("text", value[start:i]))
            i += 1
        else:
            start = i
            while i < n and value[i] not in _ID_END:
                i += 1
            if i == start:
                raise _Unparsable(f"unexpected {char!r}")
            word = value[start:i]
            pieces.append(("text" if word.isdigit() else "name", word))
        while i < n and value[i].isspace():
            i += 1
        if i >= n:
            return pieces
        if value[i] != "#":
            raise _Unparsable(f"unexpected {value[i]!r}")
        i += 1


class ResolveMacros(LibraryMiddleware):
    """Expand ``@string`` macros and ``#`` in file order; collect undefined names.

    Runs before ``RemoveEnclosingMiddleware``: a value made of several pieces becomes
    one braced value, so protecting braces inside the pieces survive as they would in
    BibTeX. A value that is one braced or quoted piece is left to that middleware.
    """

    def __init__(self) -> None:
        super().__init__(allow_inplace_modification=True)
        self.problems: list[MacroProblem] = []

    @classmethod
    def metadata_key(cls) -> str:
        return "CollapseProvenanceMacros"

    def _expand(
        self,
        raw: str,
        defined: dict[str, str],
        later: dict[str, int],
        where: tuple[int, str, str],
    ) -> str | None:
        """The value's text with macros expanded, or None to leave ``raw`` as written."""
        try:
            pieces = _pieces(raw)
        except _Unparsable:
            return None
        if len(pieces) == 1 and pieces[0][0] == "text":
            return None  # one enclosed piece or a number: nothing to resolve
        out = []
        for kind, text in pieces:
            if kind == "text":
                out.append(text)
            elif text.lower() in defined:
                out.append(defined[text.lower()])
            else:
                line, key, field = where
                after = later.get(text.lower())
                self.problems.append(
                    MacroProblem(line, text, key, field, after if after and after > line else None)
                )
                out.append(text)  # BibTeX would print nothing; the name avoids knock-on errors
        return "".join(out)

    def transform(self, library: Library) -> Library:
        later = {}
        for block in library.blocks:
            if isinstance(block, model.String):
                later.setdefault(block.key.lower(), (block.start_line or 0) + 1)
        defined = dict(MONTHS)
        for block in library.blocks:
            if isinstance(block, model.String):
                line = (block.start_line or 0) + 1
                value = self._expand(str(block.value), defined, later, (line, "", ""))
                if value is None:  # a single enclosed piece: its text is the value
                    raw = str(block.value).strip()
                    value = raw[1:-1] if raw[:1] in '{"' else raw
                block.value = "{" + value + "}"
                defined[block.key.lower()] = value
            elif isinstance(block, model.Entry):
                for field in block.fields:
                    if not isinstance(field.value, str):
                        continue
                    line = (field.start_line or 0) + 1
                    value = self._expand(field.value, defined, later, (line, block.key, field.key))
                    if value is not None:
                        field.value = "{" + value + "}"
        return library
