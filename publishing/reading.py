"""Word counts and reading time, counted the same way by the build and the editorial tests."""

from __future__ import annotations

import math
import re

from publishing.markdown_lines import lines_outside_code

WORDS_PER_MINUTE = 230
# A value token ([[value: m.name | fmt]]) counts as one word: the number it becomes.
_VALUE = re.compile(r"\[\[value:[^\]]*\]\]")
_MARKUP = re.compile(r"\[\[figure:[^\]]*\]\]|<[^>]+>|\(\.{0,2}/?[\w./#-]+\.md[^)]*\)|[#*_>`|]")
_WORD = re.compile(r"[\w’'-]+")


def word_count(markdown_body: str) -> int:
    """Words of prose in a Markdown body: code blocks, tags, link targets and figure lines excluded."""
    text = "\n".join(line for _, line in lines_outside_code(markdown_body))
    text = _MARKUP.sub(" ", _VALUE.sub(" 0 ", text))
    return len([w for w in _WORD.findall(text) if any(c.isalnum() for c in w)])


def reading_minutes(markdown_body: str) -> int:
    """Minutes to read at an unhurried pace, at least one."""
    return max(1, math.ceil(word_count(markdown_body) / WORDS_PER_MINUTE))
