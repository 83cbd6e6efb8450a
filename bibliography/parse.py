"""Read BibTeX with bibtexparser 2 and an explicit parse stack.

The stack is spelled out here, not taken from ``default_parse_stack()``: bibtexparser's
documentation advises hard-coding it because the default may change between minor
versions. LaTeX is *not* decoded here: corporate names (``{{Graphite}}``) are recognised
by their protecting braces, which decoding would remove, so decoding happens at the
CSL boundary (``csl.py``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import bibtexparser
from bibtexparser import model
from bibtexparser.middlewares import (
    NormalizeFieldKeys,
    RemoveEnclosingMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.middleware import Middleware
from bibtexparser.middlewares.names import NameParts

from .macros import MacroProblem, ResolveMacros

# bibtexparser also logs each parse failure; we report them ourselves (validate.py), with
# the file name and a fix, so its copy would only be noise on the build log.
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

#: Fields that hold lists of people.
NAME_FIELDS = ("author", "editor")


def parse_stack(macros: ResolveMacros | None = None) -> list[Middleware]:
    """The middlewares applied after splitting, in order (fresh instances each call).

    Args:
        macros: The macro resolver to use (pass one to read its problems afterwards).
    """
    return [
        # `@string` macros, `#` and the month names, in file order as BibTeX reads them
        # (bibtexparser's own resolver ignores `#` and order: see macros.py).
        macros or ResolveMacros(),
        # `{...}` and `"..."` around values go; inner protecting braces stay.
        RemoveEnclosingMiddleware(allow_inplace_modification=True),
        # `archivePrefix` and `archiveprefix` are the same field.
        NormalizeFieldKeys(allow_inplace_modification=True),
        # "A and B" -> ["A", "B"], then each name -> first/von/last/jr parts.
        SeparateCoAuthors(allow_inplace_modification=True, name_fields=NAME_FIELDS),
        SplitNameParts(allow_inplace_modification=True, name_fields=NAME_FIELDS),
    ]


@dataclass(frozen=True)
class Record:
    """One BibTeX entry, as written (LaTeX not yet decoded).

    Attributes:
        key: The citation key, as written.
        entry_type: Lower-case entry type (``article``, ``misc``...).
        fields: Field name (lower case) -> raw value; name fields hold lists of NameParts.
        field_lines: Field name -> 1-based line where the field starts.
        line: 1-based line of the ``@type{key,`` line.
        raw: The entry's original BibTeX text, for export.
    """

    key: str
    entry_type: str
    fields: dict[str, object]
    field_lines: dict[str, int]
    line: int
    raw: str

    def text(self, name: str) -> str:
        """A non-name field as a stripped string ('' when absent)."""
        value = self.fields.get(name)
        return value.strip() if isinstance(value, str) else ""

    def names(self, name: str) -> list[NameParts]:
        """A name field as a list of NameParts (empty when absent)."""
        value = self.fields.get(name)
        return list(value) if isinstance(value, list) else []


@dataclass(frozen=True)
class FailedBlock:
    """A block bibtexparser could not turn into a record.

    Attributes:
        line: 1-based line where the block starts.
        kind: ``syntax``, ``duplicate-key``, ``duplicate-string``, ``duplicate-field`` or
            ``names``.
        detail: bibtexparser's explanation.
        key: The entry key when known.
        first_line: For duplicate keys, the 1-based line of the first definition.
    """

    line: int
    kind: str
    detail: str
    key: str = ""
    first_line: int | None = None


@dataclass(frozen=True)
class Parsed:
    """Everything read from one .bib text."""

    records: list[Record] = field(default_factory=list)
    failed: list[FailedBlock] = field(default_factory=list)
    macros: list[MacroProblem] = field(default_factory=list)
    #: (line, key, target) of each ``crossref`` naming no record in the file.
    crossrefs: list[tuple[int, str, str]] = field(default_factory=list)


def _inherit(records: list[Record]) -> list[tuple[int, str, str]]:
    """Fill each record's missing fields from the record its ``crossref`` names.

    As biber does: every field the child lacks is taken from the parent, and the
    parent's ``title`` becomes the child's ``booktitle`` (a paper in proceedings).
    One level only, as in BibTeX. Returns the crossrefs whose target is absent.
    """
    by_key = {record.key.casefold(): record for record in records}
    missing = []
    for record in records:
        target = record.text("crossref")
        if not target:
            continue
        parent = by_key.get(target.casefold())
        if parent is None or parent is record:
            missing.append((record.field_lines.get("crossref", record.line), record.key, target))
            continue
        inherited = dict(parent.fields)
        if "title" in inherited:
            inherited.setdefault("booktitle", inherited.pop("title"))
        for name, value in inherited.items():
            if name != "crossref" and name not in record.fields:
                record.fields[name] = value
                record.field_lines[name] = record.field_lines.get("crossref", record.line)
    return missing


def _line(block_line: int | None) -> int:
    # bibtexparser counts lines from 0.
    return (block_line or 0) + 1


def _failed(block: model.ParsingFailedBlock) -> FailedBlock:
    line = _line(block.start_line)
    if isinstance(block, model.DuplicateBlockKeyBlock):
        return FailedBlock(
            line,
            "duplicate-string"
            if isinstance(block.previous_block, model.String)
            else "duplicate-key",
            str(block.error),
            key=block.key,
            first_line=_line(block.previous_block.start_line),
        )
    if isinstance(block, model.DuplicateFieldKeyBlock):
        key = getattr(block.ignore_error_block, "key", "")
        names = ", ".join(sorted(block.duplicate_keys))
        return FailedBlock(line, "duplicate-field", f"field(s) given twice: {names}", key=key)
    if isinstance(block, model.MiddlewareErrorBlock):
        key = getattr(block.ignore_error_block, "key", "")
        return FailedBlock(line, "names", str(block.error), key=key)
    error = block.error
    detail = getattr(error, "abort_reason", "") or str(error) or type(error).__name__
    return FailedBlock(line, "syntax", " ".join(detail.split()))


def _record(entry: model.Entry) -> Record:
    fields: dict[str, object] = {}
    field_lines: dict[str, int] = {}
    for f in entry.fields:
        fields[f.key] = f.value
        field_lines[f.key] = _line(f.start_line)
    return Record(
        key=entry.key,
        entry_type=entry.entry_type.lower(),
        fields=fields,
        field_lines=field_lines,
        line=_line(entry.start_line),
        raw=(entry.raw or "").strip(),
    )


def parse_bibtex(text: str) -> Parsed:
    """Parse BibTeX text into records and failed blocks (never raises on bad input)."""
    macros = ResolveMacros()
    library = bibtexparser.parse_string(text, parse_stack=parse_stack(macros))
    records = [_record(entry) for entry in library.entries]
    return Parsed(
        records=records,
        failed=[_failed(block) for block in library.failed_blocks],
        macros=macros.problems,
        crossrefs=_inherit(records),
    )
