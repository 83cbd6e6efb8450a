"""Check a parsed .bib file and report every problem at once, each with a fix."""

from __future__ import annotations

import datetime as _dt
import re
from urllib.parse import urlsplit

from .cite_syntax import KEY_RE
from .csl import ISO_DATE
from .errors import BibliographyError, Problem
from .identifiers import is_doi, normalise_doi, unescape
from .parse import Parsed, Record

#: Required fields per entry type. Each inner tuple lists alternatives: one is enough
#: (a book needs an author or an editor).
REQUIRED_FIELDS: dict[str, tuple[tuple[str, ...], ...]] = {
    # The standard BibTeX types (btxdoc), plus biblatex's @online.
    "article": (("author",), ("title",), ("journal",), ("year",)),
    "book": (("author", "editor"), ("title",), ("publisher",), ("year",)),
    "booklet": (("title",),),
    "conference": (("author",), ("title",), ("booktitle",), ("year",)),
    "inbook": (("author", "editor"), ("title",), ("chapter", "pages"), ("publisher",), ("year",)),
    "incollection": (("author",), ("title",), ("booktitle",), ("publisher",), ("year",)),
    "inproceedings": (("author",), ("title",), ("booktitle",), ("year",)),
    "manual": (("title",),),
    "mastersthesis": (("author",), ("title",), ("school",), ("year",)),
    "misc": (("title",), ("year",)),
    "online": (("title",), ("url",)),
    "phdthesis": (("author",), ("title",), ("school",), ("year",)),
    "proceedings": (("title",), ("year",)),
    "techreport": (("author",), ("title",), ("institution",), ("year",)),
    "unpublished": (("author",), ("title",), ("note",)),
}

_URL_MACRO = re.compile(r"\\url\{([^}]*)\}")
_FAILED_FIXES = {
    "syntax": "check this record's braces and commas: each field reads `name = {value},` "
    "and the record ends with `}`",
    "duplicate-field": "keep one copy of each field",
    "names": "write names as `Last, First and Last, First`; put an organisation in "
    "double braces, e.g. `{{Common Crawl Foundation}}`",
}


def _valid_iso(match: re.Match[str]) -> bool:
    year, month, day = (int(part) if part else None for part in match.groups())
    try:
        _dt.date(year, month or 1, day or 1)
    except ValueError:
        return False
    return True


def _required_text(kind: str) -> str:
    return ", ".join(" or ".join(alts) for alts in REQUIRED_FIELDS[kind])


def _failed_problems(parsed: Parsed, path: str) -> list[Problem]:
    problems = []
    for block in parsed.failed:
        if block.kind == "duplicate-key":
            problems.append(
                Problem(
                    path,
                    block.line,
                    f"duplicate key '{block.key}' (first defined on line {block.first_line})",
                    "rename one of the two records or delete the copy",
                )
            )
            continue
        if block.kind == "duplicate-string":
            problems.append(
                Problem(
                    path,
                    block.line,
                    f"@string '{block.key}' is defined again (first on line {block.first_line})",
                    "give one of the two macros another name (and use it where meant), or "
                    "delete the copy",
                )
            )
            continue
        label = f"record '{block.key}'" if block.key else "this block"
        problems.append(
            Problem(
                path,
                block.line,
                f"{label} could not be read: {block.detail}",
                _FAILED_FIXES[block.kind],
            )
        )
    return problems


def _macro_problems(parsed: Parsed, path: str) -> list[Problem]:
    problems = []
    for macro in parsed.macros:
        where = f"record '{macro.key}' ({macro.field})" if macro.key else "this @string"
        if macro.defined_on:
            problems.append(
                Problem(
                    path,
                    macro.line,
                    f"{where} uses the macro '{macro.name}' before its @string "
                    f"on line {macro.defined_on}",
                    "move that @string above its first use: BibTeX reads the file top "
                    "to bottom and would print nothing here",
                )
            )
            continue
        example = f"{macro.field} = {{{macro.name}}}" if macro.field else f"{{{macro.name}}}"
        problems.append(
            Problem(
                path,
                macro.line,
                f"{where} uses the undefined macro '{macro.name}'",
                f"define it above, e.g. @string{{{macro.name} = {{...}}}}, or, if it is "
                f"meant as text, put it in braces: {example}",
            )
        )
    return problems


def _key_problems(records: list[Record], path: str) -> list[Problem]:
    problems = []
    seen: dict[str, Record] = {}
    for record in records:
        folded = record.key.casefold()
        if folded in seen:
            first = seen[folded]
            problems.append(
                Problem(
                    path,
                    record.line,
                    f"key '{record.key}' differs from '{first.key}' (line {first.line}) "
                    "only by letter case",
                    "keys are matched without regard to case: rename one of them",
                )
            )
        else:
            seen[folded] = record
        if not KEY_RE.fullmatch(record.key):
            problems.append(
                Problem(
                    path,
                    record.line,
                    f"key '{record.key}' cannot be cited with @key syntax",
                    "use letters, digits and _ : . + - only, starting and ending with a "
                    "letter, digit or _",
                )
            )
    return problems


def _field_problems(record: Record, path: str, this_year: int) -> list[Problem]:
    problems = []

    def line(name: str) -> int:
        return record.field_lines.get(name, record.line)

    kind = record.entry_type
    if kind not in REQUIRED_FIELDS:
        supported = ", ".join(f"@{name}" for name in REQUIRED_FIELDS)
        problems.append(
            Problem(
                path,
                record.line,
                f"record '{record.key}' has unsupported type @{kind}",
                f"use one of {supported}",
            )
        )
    else:
        for alternatives in REQUIRED_FIELDS[kind]:
            if not any(record.text(n) or record.names(n) for n in alternatives):
                missing = " or ".join(alternatives)
                problems.append(
                    Problem(
                        path,
                        record.line,
                        f"record '{record.key}' (@{kind}) has no {missing}",
                        f"add `{alternatives[0]} = {{...}}`; @{kind} requires "
                        f"{_required_text(kind)}",
                    )
                )

    doi = record.text("doi")
    if doi and not is_doi(normalise_doi(doi)):
        problems.append(
            Problem(
                path,
                line("doi"),
                f"record '{record.key}' has a malformed DOI '{normalise_doi(doi)}'",
                "a DOI reads 10.NNNN/suffix, e.g. doi = {10.1038/s41586-024-07566-y} "
                "(a https://doi.org/ or doi: prefix is allowed and dropped)",
            )
        )

    urls = [("url", record.text("url"))]
    urls += [("howpublished", u) for u in _URL_MACRO.findall(record.text("howpublished"))]
    for name, raw in urls:
        if not raw:
            continue
        url = unescape(raw)
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
            problems.append(
                Problem(
                    path,
                    line(name),
                    f"record '{record.key}' has a {name} that is not an http(s) address: '{url}'",
                    "give a full https:// (or http://) address without spaces; other "
                    "schemes such as javascript:, data: or ftp: are refused",
                )
            )

    for name in ("date", "urldate"):
        value = record.text(name)
        match = ISO_DATE.match(value)
        if value and not (match and _valid_iso(match)):
            problems.append(
                Problem(
                    path,
                    line(name),
                    f"record '{record.key}' has a {name} that is not a date: '{value}'",
                    f"write it as YYYY, YYYY-MM or YYYY-MM-DD, e.g. {name} = {{2024-05-31}}",
                )
            )

    year = record.text("year")
    if year and not (re.fullmatch(r"\d{4}", year) and 1400 <= int(year) <= this_year + 1):
        problems.append(
            Problem(
                path,
                line("year"),
                f"record '{record.key}' has an impossible year '{year}'",
                f"write four digits between 1400 and {this_year + 1}, e.g. year = {{2024}}",
            )
        )
    return problems


def find_problems(parsed: Parsed, path: str, today: _dt.date | None = None) -> list[Problem]:
    """Every problem in a parsed file, in file order.

    Args:
        parsed: The result of ``parse_bibtex``.
        path: The file name to report.
        today: The date that bounds plausible years (default: today).
    """
    this_year = (today or _dt.date.today()).year
    problems = _failed_problems(parsed, path) + _macro_problems(parsed, path)
    problems += _key_problems(parsed.records, path)
    problems += [
        Problem(
            path,
            line,
            f"record '{key}' has crossref = {{{target}}}, but no record has that key",
            "add the record it refers to (its fields are inherited), or remove the crossref",
        )
        for line, key, target in parsed.crossrefs
    ]
    for record in parsed.records:
        problems += _field_problems(record, path, this_year)
    return sorted(problems, key=lambda p: p.line or 0)


def check(parsed: Parsed, path: str, today: _dt.date | None = None) -> None:
    """Raise one BibliographyError listing every problem, if there is any."""
    problems = find_problems(parsed, path, today)
    if problems:
        raise BibliographyError(problems)
