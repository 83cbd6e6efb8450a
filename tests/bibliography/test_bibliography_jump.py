"""The bibliography page: grouped by first letter under an A–Z jump bar, one BibTeX control each."""

from __future__ import annotations

import re

from bibliography import Bibliography
from bibliography.markup import first_letter, jump_bar, letter_id
from tests.bibliography.test_pages import BIB


def test_first_letter_folds_accents_and_files_the_rest_under_other():
    assert first_letter("<i>Ångström</i>, A.") == "A"
    assert first_letter("Émile, Z.") == "E"
    assert first_letter("&lt;b&gt; Zed") == "B"  # markup and entities are not letters
    assert first_letter("3GPP. (2020)") == "#"
    assert first_letter("Łukasz, K.") == "#"  # not A–Z even when folded: filed under Other
    assert letter_id("A") == "letter-a" and letter_id("#") == "letter-other"


def test_jump_bar_links_only_letters_with_entries():
    bar = jump_bar(["A", "C", "#"])
    assert re.findall(r'<a href="#([^"]+)"', bar) == ["letter-a", "letter-c", "letter-other"]
    assert '<span aria-hidden="true">B</span>' in bar
    assert len(re.findall(r"<(?:a|span)\b", bar)) == 27  # A–Z and Other


def test_page_groups_entries_under_letters_with_one_light_bibtex_control_each():
    bib = Bibliography.from_string(BIB)
    page = bib.bibliography_page({})
    headings = re.findall(r'<h2 class="bibliography-letter" id="(letter-[a-z]+)">', page)
    assert headings == sorted(headings) and len(headings) == len(set(headings))
    for heading in headings:
        assert f'href="#{heading}"' in page
    assert page.count("<details") == page.count('class="csl-entry') == len(bib)
    assert "<summary>BibTeX</summary>" in page
    assert "<code" not in page.split("<details", 1)[1]  # bare <pre>: no theme code block
    # Every entry sits under the letter it starts with.
    for letter, block in re.findall(
        r'id="letter-([a-z])">.*?role="list">(.*?)</div>\n', page, re.DOTALL
    ):
        for ref in re.findall(r'<p class="bibliography-reference">(.*?)</p>', block):
            assert first_letter(ref) == letter.upper()
