"""LaTeX in Markdown turned into MathML Core at build time: no script, no outside request.

:func:`render_math` is a plain page step, ``render_math(markdown, stash) -> markdown``.
It finds the mathematics in a page, converts each formula with ``latex2mathml`` and hands
the MathML to ``stash``, which protects raw HTML from Markdown and returns a placeholder
to put in its place (Python-Markdown's ``md.htmlStash.store`` is one such function).
:func:`makeExtension` wires the step into Python-Markdown for MkDocs; the function itself
knows nothing of either.

The syntax (the same rules as Pandoc's ``tex_math_dollars``):

- **Display math** is a paragraph of its own opened by ``$$`` at the start of a line
  (indentation allowed, so it works inside admonitions and lists) and closed by ``$$``
  at the end of the same or a later line: ``$$ E = mc^2 $$``.
- **Inline math** is ``$…$`` on one line. The opening ``$`` must be followed by a
  non-space character, and the closing ``$`` must follow a non-space character and must
  not be followed by a digit. So "$5 and $10", "costs $5, or $6" and "US$ 3" stay text:
  currency never turns into math.
- ``\\$`` is a literal dollar sign (written out as ``&#36;``), never a delimiter.
- Nothing inside code is touched: fenced blocks (```` ``` ```` or ``~~~``) and code
  spans (`` `…` ``) are copied as they are.

Every formula becomes ``<math>`` with ``alttext`` (the TeX source, read by assistive
technology that cannot read MathML) and a ``<semantics>`` element whose
``<annotation encoding="application/x-tex">`` keeps the source for copying (marked
``data-search-exclude`` so the search index holds words, not TeX). Display
math is wrapped in ``<div class="kb-math">``, a focusable box that scrolls sideways on
its own when the equation is wider than the screen (docs/stylesheets/math.css).

LaTeX that cannot be converted (unbalanced braces, an unknown command, a ``$$`` block
that is never closed) raises :class:`~publishing.errors.SourceError` naming the file,
the line and how to fix it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path

from latex2mathml.converter import convert

from publishing.errors import SourceError

__all__ = ["MathExtension", "makeExtension", "render_math", "to_mathml"]

Stash = Callable[[str], str]

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_DISPLAY_OPEN = re.compile(r"^(\s*)\$\$")
# A code span: a run of backticks, anything, the same run again (CommonMark's rule).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
# Inline math: $, a non-space, ..., a non-space, $ not followed by a digit; no $ inside
# unless escaped. A lone non-space character between the dollars is allowed ($x$).
_INLINE = re.compile(r"(?<![\\$])\$(?![\s$])((?:\\.|[^$\\])*?)(?<![\s\\])\$(?![\d$])")
_ESCAPED_DOLLAR = re.compile(r"\\\$")
# latex2mathml keeps an unknown command as an identifier that starts with a backslash.
_UNKNOWN_COMMAND = re.compile(r"<m[io]>(\\[A-Za-z]+)</m[io]>")

FIX = (
    "check that braces {…} and \\left…\\right pairs balance and that every command is "
    "LaTeX that latex2mathml knows; write \\$ for a literal dollar sign"
)


def to_mathml(tex: str, display: bool = False) -> str:
    """One formula as MathML Core, with its TeX kept as ``alttext`` and an annotation.

    Raises:
        ValueError: the LaTeX cannot be converted (the message says why).
    """
    source = tex.strip()
    if not source:
        raise ValueError("the formula is empty")
    try:
        converted = convert(source, display="block" if display else "inline")
    except Exception as exc:  # latex2mathml raises bare Exception subclasses
        reason = type(exc).__name__
        raise ValueError(
            f"latex2mathml cannot read it ({reason}{': ' + str(exc) if str(exc) else ''})"
        ) from None
    unknown = _UNKNOWN_COMMAND.search(converted)
    if unknown:
        raise ValueError(f"unknown command {unknown.group(1)}")
    start = converted.index(">") + 1
    end = converted.rindex("</math>")
    body = converted[start:end]
    attr = html.escape(source, quote=True)
    mode = "block" if display else "inline"
    return (
        f'<math xmlns="http://www.w3.org/1998/Math/MathML" display="{mode}" alttext="{attr}">'
        f"<semantics><mrow>{body}</mrow>"
        # The TeX is for copying and for assistive technology; the site search skips it.
        '<annotation encoding="application/x-tex" data-search-exclude="">'
        f"{html.escape(source, quote=False)}</annotation>"
        "</semantics></math>"
    )


def _display_html(tex: str) -> str:
    # tabindex: a box that scrolls must be reachable from the keyboard (axe's
    # scrollable-region-focusable); role and label say what the stop is.
    return (
        '<div class="kb-math" tabindex="0" role="group" aria-label="equation">'
        f"{to_mathml(tex, display=True)}</div>"
    )


def _inline(line: str, stash: Stash, where: Callable[[str], SourceError]) -> str:
    """Convert the inline math of one line, leaving code spans alone."""
    out: list[str] = []
    pos = 0
    for span in _CODE_SPAN.finditer(line):
        out.append(_inline_text(line[pos : span.start()], stash, where))
        out.append(span.group(0))
        pos = span.end()
    out.append(_inline_text(line[pos:], stash, where))
    return "".join(out)


def _inline_text(text: str, stash: Stash, where: Callable[[str], SourceError]) -> str:
    def one(match: re.Match[str]) -> str:
        tex = match.group(1)
        try:
            return stash(to_mathml(tex))
        except ValueError as exc:
            raise where(f"cannot convert the inline math ${tex}$: {exc}") from None

    converted = _INLINE.sub(one, text)
    return _ESCAPED_DOLLAR.sub("&#36;", converted)


def render_math(
    markdown: str, stash: Stash, *, page: str = "<markdown>", line_offset: int = 0
) -> str:
    """Replace ``$…$`` and ``$$…$$`` in ``markdown`` by stashed MathML (see the module doc).

    Args:
        markdown: the page's Markdown (front matter already removed).
        stash: stores a piece of raw HTML and returns the placeholder to write instead.
        page: the file name used in error messages.
        line_offset: source line of the first Markdown line, minus one.

    Returns:
        The Markdown with every formula replaced by a placeholder; code untouched.

    Raises:
        SourceError: a formula cannot be converted, or a ``$$`` block is not closed.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    fence: str | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        number = line_offset + i + 1

        def where(problem: str, number: int = number) -> SourceError:
            return SourceError(page, number, problem, FIX)

        match = _FENCE.match(line)
        if fence is not None:
            if match and match.group(2).startswith(fence):
                fence = None
            out.append(line)
            i += 1
            continue
        if match:
            fence = match.group(2)[0] * len(match.group(2))
            out.append(line)
            i += 1
            continue
        opened = _DISPLAY_OPEN.match(line)
        if opened:
            indent, first = opened.group(1), line[opened.end() :].rstrip()
            parts, j = [first], i
            if not (first.endswith("$$") and first):
                while True:
                    j += 1
                    if j >= len(lines) or not lines[j].strip():
                        raise where("a display formula opened with $$ is not closed")
                    parts.append(lines[j].rstrip())
                    if parts[-1].endswith("$$"):
                        break
            tex = "\n".join(parts)[:-2]
            try:
                placeholder = stash(_display_html(tex))
            except ValueError as exc:
                shown = " ".join(tex.split())
                raise where(f"cannot convert the display math $${shown}$$: {exc}") from None
            # A paragraph of its own, so the block replaces the whole paragraph.
            if out and out[-1].strip():
                out.append("")
            out.append(f"{indent}{placeholder}")
            if j + 1 < len(lines) and lines[j + 1].strip():
                out.append("")
            i = j + 1
            continue
        out.append(_inline(line, stash, where))
        i += 1
    return "\n".join(out)


# -- the Python-Markdown edge -------------------------------------------------------------

try:  # Markdown is a dependency of the site build, not of render_math.
    from markdown import Extension
    from markdown.preprocessors import Preprocessor
except ImportError:  # pragma: no cover - the site build always has Markdown
    Extension = object  # type: ignore[assignment,misc]
    Preprocessor = object  # type: ignore[assignment,misc]

_current_page: dict[str, str] = {}


def set_page(path: str, source: Path | None = None) -> None:
    """Name the page being converted, for error messages (called by the build hook)."""
    _current_page["path"] = path
    _current_page["source"] = str(source) if source else ""


def _source_line(tex_line: str) -> int:
    """The line of the page's source file holding ``tex_line`` (0 when unknown)."""
    source = _current_page.get("source")
    if not source or not Path(source).is_file():
        return 0
    needle = tex_line.strip()
    for number, line in enumerate(Path(source).read_text(encoding="utf-8").split("\n"), 1):
        if needle and needle in line:
            return number
    return 0


class _MathPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        # Ask the generator which page this is (the same adapter the page steps use),
        # so that an error names the source file and its line.
        from publishing.markdown_ext import current_page

        ref = current_page(self.md)
        if ref is not None:
            set_page(f"docs/{ref.src_uri}", Path(ref.config_dir) / "docs" / ref.src_uri)
        page = _current_page.get("path", "<markdown>")
        try:
            return render_math(text, self.md.htmlStash.store, page=page).split("\n")
        except SourceError as exc:
            # The Markdown seen here has had the essay's header prepended, so find the
            # formula's line in the source file itself.
            bad = text.split("\n")[exc.line - 1] if 0 < exc.line <= len(lines) else ""
            line = _source_line(bad) or exc.line
            error = SourceError(exc.path, line, exc.problem, exc.fix)
            try:
                from mkdocs.exceptions import PluginError
            except ImportError:  # pragma: no cover - plain Python-Markdown
                raise error from None
            raise PluginError(f"\n{error}") from None


class MathExtension(Extension):
    """Python-Markdown extension running :func:`render_math` before any other block step."""

    def extendMarkdown(self, md) -> None:  # noqa: N802 - Python-Markdown's API
        # After whitespace normalisation (30), before fenced code (25) and raw HTML (20):
        # render_math skips fences itself, and sees the page as its author wrote it.
        md.preprocessors.register(_MathPreprocessor(md), "kb_math", 27)


def makeExtension(**kwargs) -> MathExtension:  # noqa: N802 - Python-Markdown's API
    """Entry point for ``markdown_extensions: [publishing.mathml]``."""
    return MathExtension(**kwargs)
