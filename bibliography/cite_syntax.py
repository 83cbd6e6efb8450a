"""Pandoc citation syntax: find ``[@key]``, ``[@a; @b]``, ``[see @key, p. 12]``,
``[-@key]`` and narrative ``@key`` in Markdown, leaving code, URLs and e-mails alone.

Block-level code (fenced and indented) depends on indentation context (an indented
paragraph inside an admonition is not code), which a regular expression cannot track, so
a small line scanner finds those blocks and masks them. Everything else happens in one
compiled pattern and one ``re.sub`` pass: the pattern's first alternatives match what must
be left alone (masked blocks, code spans, HTML comments and tags, URLs, e-mail addresses)
and the last two match citations. A link reference definition (``[label]: url`` alone on
its line) is left alone; a citation followed by a colon is a citation.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

#: A citation key: letters, digits and ``_ : . + -``, starting and ending with a letter,
#: digit or ``_`` (so "@key." ends the key before the full stop).
KEY = r"[A-Za-z0-9_](?:[A-Za-z0-9_:.+\-]*[A-Za-z0-9_])?"
KEY_RE = re.compile(KEY)

_MASK = "\x00"

#: A link reference definition as Python-Markdown reads one: at the start of a line, a
#: label, a colon, one destination and an optional title, and nothing else on the line.
#: Only this is left alone; "[@key]: more text" is a citation followed by a colon.
_LINK_DEFINITION = (
    r"""^[ ]{0,3}\[[^\[\]\n]*\]:[ ]*[^\s]+[ ]*(?:"[^"\n]*"|'[^'\n]*'|\([^\n]*\))?[ ]*$"""
)

CITATION_PATTERN = re.compile(
    rf"""
      (?P<masked>{_MASK}+)                                   # fenced/indented code
    | (?P<code>(?<!`)(?P<ticks>`+)(?s:(?:(?!\n[ \t]*\n).)*?)(?<!`)(?P=ticks)(?!`))
    | (?P<comment><!--(?s:.*?)-->)
    | (?P<rawcode><(?P<rawtag>pre|code|kbd|samp|script|style)\b[^>]*>(?s:.*?)
                  </(?P=rawtag)\s*>)
    | (?P<tag></?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>)    # attributes stay untouched
    | (?P<url>(?<![\w@])(?:[A-Za-z][A-Za-z0-9+.\-]*://|mailto:|www\.)[^\s<>"'`]*)
    | (?P<email>(?<![\w.+\-])[\w.+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+)
    | (?P<escaped>\\@)
    | (?P<linkdef>{_LINK_DEFINITION})
    | (?P<bracket>\[(?P<body>[^\[\]\n`]*(?<![\w\\])-?@{KEY}[^\[\]\n`]*)\](?![(\[]))
    | (?P<narrative>(?<![\w\\@.+\-\[])@(?P<nkey>{KEY})           # not link text [@x](u)
                    (?:[ ]?\[(?P<nloc>[^\[\]\n@`]*)\](?![(\[]))?)
    """,
    re.VERBOSE | re.MULTILINE | re.IGNORECASE,
)

_ITEM = re.compile(rf"^(?P<prefix>(?:.*?\s)?)(?P<minus>-)?@(?P<key>{KEY})(?P<rest>.*)$", re.DOTALL)

#: Locator labels Pandoc understands (English), mapped to CSL locator names.
LOCATOR_LABELS = {
    **dict.fromkeys(("p", "pp", "page", "pages"), "page"),
    **dict.fromkeys(("chap", "chaps", "chapter", "chapters"), "chapter"),
    **dict.fromkeys(("sec", "secs", "section", "sections", "§", "§§"), "section"),
    **dict.fromkeys(("para", "paras", "paragraph", "paragraphs", "¶", "¶¶"), "paragraph"),
    **dict.fromkeys(("fig", "figs", "figure", "figures"), "figure"),
    **dict.fromkeys(("vol", "vols", "volume", "volumes"), "volume"),
    **dict.fromkeys(("n", "nn", "note", "notes"), "note"),
    **dict.fromkeys(("l", "ll", "line", "lines"), "line"),
    **dict.fromkeys(("col", "cols", "column", "columns"), "column"),
    **dict.fromkeys(("pt", "pts", "part", "parts"), "part"),
    **dict.fromkeys(("bk", "bks", "book", "books"), "book"),
    **dict.fromkeys(("v", "vv", "verse", "verses"), "verse"),
}
_NUMBER = r"[0-9ivxlcdmIVXLCDM]+[a-z]?"
_RANGE = rf"{_NUMBER}(?:\s*[-–—]+\s*{_NUMBER})?"
_LOCATOR = re.compile(
    rf"^(?:(?P<label>[A-Za-z]+|§§?|¶¶?)\.?\s*)?(?P<value>{_RANGE}(?:\s*,\s*{_RANGE})*)(?P<suffix>.*)$",
    re.DOTALL,
)


@dataclass(frozen=True)
class CiteItem:
    """One cited work inside a citation.

    Attributes:
        key: The citation key.
        prefix: Text before the key ("see").
        label: CSL locator label ("page", "chapter"...) or "".
        locator: Locator value ("12", "12-15") or "".
        suffix: Text after the locator (", emphasis added").
        suppress_author: True for ``-@key`` (year only).
    """

    key: str
    prefix: str = ""
    label: str = ""
    locator: str = ""
    suffix: str = ""
    suppress_author: bool = False


@dataclass(frozen=True)
class Cluster:
    """A whole citation as written: one bracket, or one narrative ``@key``.

    Attributes:
        items: The cited works, in source order.
        narrative: True for ``@key`` written in running text.
        source: The text as written.
        line: 1-based line in the Markdown given (before any offset).
    """

    items: tuple[CiteItem, ...]
    narrative: bool
    source: str
    line: int


@dataclass(frozen=True)
class Malformed:
    """A bracket that looks like a citation but cannot be read."""

    source: str
    line: int
    reason: str


def _split_locator(rest: str) -> tuple[str, str, str]:
    """Text after a key -> (CSL label, locator, suffix), Pandoc's rules."""
    stripped = rest.strip()
    if not stripped.startswith(","):
        return "", "", rest.rstrip()
    after = stripped[1:].strip()
    match = _LOCATOR.match(after)
    if match:
        label = match.group("label")
        if label is None:
            return "page", match.group("value"), match.group("suffix").rstrip()
        csl_label = LOCATOR_LABELS.get(label.lower())
        if csl_label:
            return csl_label, match.group("value"), match.group("suffix").rstrip()
    return "", "", "," + (" " + after if after else "")


def _parse_item(text: str) -> CiteItem | None:
    match = _ITEM.match(text.strip())
    if not match or "@" in match.group("rest"):
        return None
    label, locator, suffix = _split_locator(match.group("rest"))
    return CiteItem(
        key=match.group("key"),
        prefix=match.group("prefix").strip(),
        label=label,
        locator=locator,
        suffix=suffix,
        suppress_author=bool(match.group("minus")),
    )


def _parse_bracket(source: str, body: str, line: int) -> Cluster | Malformed:
    items = []
    for part in body.split(";"):
        item = _parse_item(part)
        if item is None:
            return Malformed(
                source,
                line,
                f"cannot read '{part.strip()}' as one cited work (prefix @key, locator)",
            )
        items.append(item)
    return Cluster(tuple(items), narrative=False, source=source, line=line)


def _parse_narrative(source: str, key: str, locator_text: str | None, line: int) -> Cluster:
    label, locator, suffix = ("", "", "")
    if locator_text is not None:
        label, locator, suffix = _split_locator(", " + locator_text)
        if not locator:
            # "@key [see note]" has no locator: it is text in brackets, keep it as written.
            return Cluster((CiteItem(key),), narrative=True, source=f"@{key}", line=line)
    item = CiteItem(key=key, label=label, locator=locator, suffix=suffix)
    return Cluster((item,), narrative=True, source=source, line=line)


def code_blocks(text: str) -> list[tuple[int, int]]:
    """Character ranges of fenced and indented code blocks, with Python-Markdown's rules.

    Containers (list items, admonitions ``!!!``/``???``, content tabs ``===``, footnotes,
    definitions) indent their content by 4 spaces; a block indented 4 more than its
    container, after a blank line, is code. Fences may be indented (pymdownx.superfences).
    """
    regions: list[tuple[int, int]] = []
    stack: list[int] = []  # content indentation of open containers
    fence: tuple[str, int, int] | None = None  # (character, length, start)
    code: list[int] | None = None  # [start, end] of an open indented code block
    prev_blank = True
    pos = 0
    # Lines end at "\n" only, as Python-Markdown's do (str.splitlines also splits at
    # U+2028 and friends, which are ordinary characters in Markdown).
    for line in re.findall(r"[^\n]*\n|[^\n]+$", text):
        start, pos = pos, pos + len(line)
        body = line.rstrip("\r\n")
        if fence is not None:
            char, length, fence_start = fence
            closing = body.strip()
            if len(closing) >= length and closing == char * len(closing):
                regions.append((fence_start, pos))
                fence = None
            continue
        if not body.strip():
            prev_blank = True
            continue
        stripped = body.lstrip(" \t")
        indent = len(body[: len(body) - len(stripped)].expandtabs(4))
        if prev_blank:
            while stack and indent < stack[-1]:
                stack.pop()
        base = stack[-1] if stack else 0
        if indent >= base + 4 and (prev_blank or code is not None):
            if code is None:
                code = [start, pos]
            code[1] = pos
            prev_blank = False
            continue
        if code is not None:
            regions.append((code[0], code[1]))
            code = None
        prev_blank = False
        opener = re.match(r"(`{3,}|~{3,})(.*)$", stripped)
        if opener and not (opener.group(1)[0] == "`" and "`" in opener.group(2)):
            fence = (opener.group(1)[0], len(opener.group(1)), start)
            continue
        if re.match(
            r"(?:[-*+]|\d{1,9}[.)]|!!!\+?|\?\?\?\+?|===\+?|:)[ \t]|\[\^[^\]]+\]:", stripped
        ):
            while stack and indent < stack[-1]:
                stack.pop()
            stack.append(indent + 4)
    if fence is not None:
        regions.append((fence[2], len(text)))
    if code is not None:
        regions.append((code[0], code[1]))
    return regions


def _masked(text: str) -> str:
    pieces, last = [], 0
    for start, end in code_blocks(text):
        pieces += [text[last:start], _MASK * (end - start)]
        last = end
    pieces.append(text[last:])
    return "".join(pieces)


def substitute(markdown: str, replace: Callable[[Cluster | Malformed], str]) -> str:
    """Replace every citation in ``markdown`` by ``replace(cluster)``, in one pass.

    Args:
        markdown: Markdown text (NUL characters become U+FFFD, as CommonMark says).
        replace: Called once per citation, in document order, with a Cluster (or a
            Malformed bracket); returns the text to put in its place.

    Returns:
        The Markdown with citations replaced and everything else unchanged.
    """
    text = markdown.replace(_MASK, "\ufffd")
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def line_of(offset: int) -> int:
        return bisect.bisect_right(line_starts, offset)

    def on_match(match: re.Match[str]) -> str:
        kind = match.lastgroup
        original = text[match.start() : match.end()]
        if kind == "bracket":
            return replace(_parse_bracket(original, match.group("body"), line_of(match.start())))
        if kind == "narrative":
            cluster = _parse_narrative(
                original, match.group("nkey"), match.group("nloc"), line_of(match.start())
            )
            replaced = replace(cluster)
            # A bracket after "@key" that held no locator stays in the text.
            return replaced + original[len(cluster.source) :]
        if kind == "escaped":
            return "&#64;"  # "\@" writes a literal @ that is never a citation
        return original

    return CITATION_PATTERN.sub(on_match, _masked(text))


def scan_keys(markdown: str, line_offset: int = 0) -> list[tuple[str, int]]:
    """Every cited key with its line, in order, found exactly as expansion finds them.

    Args:
        markdown: Markdown text.
        line_offset: Added to each line (lines of front matter the text does not hold).

    Returns:
        ``(key, line)`` pairs, one per cited work (repeats included). Malformed
        brackets are skipped here; expansion reports them.
    """
    found: list[tuple[str, int]] = []

    def record(cluster: Cluster | Malformed) -> str:
        if isinstance(cluster, Cluster):
            found.extend((item.key, cluster.line + line_offset) for item in cluster.items)
        return cluster.source

    substitute(markdown, record)
    return found
