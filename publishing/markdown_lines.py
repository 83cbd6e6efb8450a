"""Line-level helpers shared by the page transforms: front matter and code fences."""

from __future__ import annotations

import re
from collections.abc import Iterator

# The same pattern MkDocs uses to split YAML front matter from the body.
_FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Return ``(yaml_text, body, offset)``; body line 1 is source line ``offset + 1``."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return "", text, 0
    # MkDocs drops the blank lines after the front matter; count them to keep line numbers.
    rest = text[match.end() :]
    body = rest.lstrip("\n")
    return match.group(1), body, match.group(0).count("\n") + len(rest) - len(body)


def lines_outside_code(markdown: str) -> Iterator[tuple[int, str]]:
    """Yield ``(index, line)`` for every line not inside a fenced code block."""
    fence: str | None = None
    for i, line in enumerate(markdown.split("\n")):
        match = _FENCE.match(line)
        if fence is None:
            if match:
                fence = match.group(2)[0] * len(match.group(2))
                continue
            yield i, line
        elif match and match.group(2).startswith(fence):
            fence = None
