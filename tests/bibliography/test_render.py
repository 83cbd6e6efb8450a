"""Rendering with CSL (APA 7 by default): reference lines, in-text forms, escaping, links."""

from __future__ import annotations

import re

import pytest

from bibliography import Bibliography, BibliographyError
from bibliography.render import linked, to_html

BIB = r"""
@article{shumailov2024nature,
  author  = {Shumailov, Ilia and Shumaylov, Zakhar and Zhao, Yiren and Papernot, Nicolas and Anderson, Ross and Gal, Yarin},
  title   = {{AI} models collapse when trained on recursively generated data},
  journal = {Nature},
  volume  = {631},
  number  = {8022},
  pages   = {755--759},
  year    = {2024},
  doi     = {10.1038/s41586-024-07566-y}
}

@misc{shumailov2023curse,
  author        = {Shumailov, Ilia and Shumaylov, Zakhar and Zhao, Yiren and Gal, Yarin and Papernot, Nicolas and Anderson, Ross},
  title         = {The Curse of Recursion: Training on Generated Data Makes Models Forget},
  year          = {2023},
  eprint        = {2305.17493},
  archivePrefix = {arXiv},
  url           = {https://arxiv.org/abs/2305.17493}
}

@inproceedings{guo2024curious,
  author    = {Guo, Yanzhu and Shang, Guokan and Vazirgiannis, Michalis and Clavel, Chlo{\'e}},
  title     = {The Curious Decline of Linguistic Diversity: Training Language Models on Synthetic Text},
  booktitle = {Findings of the Association for Computational Linguistics: NAACL 2024},
  editor    = {Duh, Kevin and Gomez, Helena and Bethard, Steven},
  pages     = {3589--3604},
  publisher = {Association for Computational Linguistics},
  year      = {2024},
  doi       = {10.18653/v1/2024.findings-naacl.228}
}

@misc{graphite2025articles,
  author       = {{Graphite}},
  title        = {More Articles Are Now Created by {AI} Than Humans},
  year         = {2025},
  month        = oct,
  howpublished = {Web report}
}

@techreport{ccsds2012oais,
  author      = {{Consultative Committee for Space Data Systems}},
  title       = {Reference Model for an Open Archival Information System ({OAIS})},
  institution = {CCSDS},
  type        = {Recommended Practice (Magenta Book), Issue 2},
  number      = {CCSDS 650.0-M-2},
  year        = {2012},
  month       = jun,
  url         = {https://public.ccsds.org/Pubs/650x0m2.pdf}
}

@misc{kunze2018bagit,
  author       = {Kunze, John A. and Littman, Justin},
  title        = {The {BagIt} File Packaging Format ({V1.0})},
  series       = {Request for Comments},
  number       = {8493},
  howpublished = {RFC 8493},
  publisher    = {RFC Editor},
  year         = {2018},
  month        = oct,
  doi          = {10.17487/RFC8493}
}

@book{hodges2019book,
  author    = {Hodges, Ann},
  title     = {Archives in the Age of Copies},
  publisher = {Archive Press},
  edition   = {2},
  year      = {2019}
}

@incollection{okafor2020chapter,
  author    = {Okafor, Chidi},
  title     = {Fixity as a Habit},
  booktitle = {Archives in the Age of Copies},
  editor    = {Hodges, Ann},
  publisher = {Archive Press},
  pages     = {10--25},
  year      = {2020}
}

@misc{mallory2024script,
  author = {Mallory, Eve},
  title  = {<script>alert("x")</script> & <b>friends</b>},
  year   = {2024},
  url    = {https://example.org/a_b?c=1&d=2}
}

@inproceedings{dohmatob2024tale,
  author    = {Dohmatob, Elvis and Feng, Yunzhen and Yang, Pu and Charton, Francois and Kempe, Julia},
  title     = {A Tale of Tails},
  booktitle = {Proceedings of ICML},
  year      = {2024}
}

@inproceedings{dohmatob2024demystified,
  author    = {Dohmatob, Elvis and Feng, Yunzhen and Kempe, Julia},
  title     = {Model Collapse Demystified},
  booktitle = {Advances in NeurIPS},
  year      = {2024}
}

@misc{twin2021first,
  author = {Twin, Ada and Twin, Bea},
  title  = {Beta Findings},
  year   = {2021}
}

@misc{twin2021second,
  author = {Twin, Ada and Twin, Bea},
  title  = {Alpha Findings},
  year   = {2021}
}
"""


@pytest.fixture(scope="module")
def bib() -> Bibliography:
    return Bibliography.from_string(BIB, path="fixture.bib")


def visible(html: str) -> str:
    """What a reader sees: tags dropped, entities decoded."""
    import html as html_module

    return html_module.unescape(re.sub(r"<[^>]+>", "", html))


def inline(bib: Bibliography, markdown: str) -> str:
    """Expanded citations as the reader sees them (tooltips removed)."""
    expanded = bib.expand(markdown, "page.md").markdown
    return visible(re.sub(r'<span class="citation-tooltip".*?</span></span>', "", expanded))


EXPECTED_REFERENCES = {
    # article
    "shumailov2024nature": "Shumailov, I., Shumaylov, Z., Zhao, Y., Papernot, N., Anderson, R., & "
    "Gal, Y. (2024). AI models collapse when trained on recursively generated data. Nature, "
    "631(8022), 755–759. https://doi.org/10.1038/s41586-024-07566-y",
    # misc: arXiv preprint
    "shumailov2023curse": "Shumailov, I., Shumaylov, Z., Zhao, Y., Gal, Y., Papernot, N., & "
    "Anderson, R. (2023). The Curse of Recursion: Training on Generated Data Makes Models "
    "Forget (arXiv:2305.17493). arXiv. https://arxiv.org/abs/2305.17493",
    # inproceedings
    "guo2024curious": "Guo, Y., Shang, G., Vazirgiannis, M., & Clavel, C. (2024). The Curious "
    "Decline of Linguistic Diversity: Training Language Models on Synthetic Text. In K. Duh, "
    "H. Gomez, & S. Bethard (Eds.), Findings of the Association for Computational Linguistics: "
    "NAACL 2024 (pp. 3589–3604). Association for Computational Linguistics. "
    "https://doi.org/10.18653/v1/2024.findings-naacl.228",
    # misc: corporate author, web report
    "graphite2025articles": "Graphite. (2025, October). More Articles Are Now Created by AI Than "
    "Humans [Web report].",
    # techreport
    "ccsds2012oais": "Consultative Committee for Space Data Systems. (2012). Reference Model for an "
    "Open Archival Information System (OAIS) (Recommended Practice (Magenta Book), Issue 2 CCSDS "
    "650.0-M-2). CCSDS. https://public.ccsds.org/Pubs/650x0m2.pdf",
    # misc: numbered series (RFC)
    "kunze2018bagit": "Kunze, J. A., & Littman, J. (2018). The BagIt File Packaging Format (V1.0) "
    "(RFC No. 8493). RFC Editor. https://doi.org/10.17487/RFC8493",
    # book
    "hodges2019book": "Hodges, A. (2019). Archives in the Age of Copies (2nd ed.). Archive Press.",
    # incollection
    "okafor2020chapter": "Okafor, C. (2020). Fixity as a Habit. In A. Hodges (Ed.), Archives in the "
    "Age of Copies (pp. 10–25). Archive Press.",
}


@pytest.mark.parametrize("key", sorted(EXPECTED_REFERENCES))
def test_reference_line_per_entry_type(bib, key):
    assert visible(bib.reference_html(key)) == EXPECTED_REFERENCES[key]
    assert bib.reference_text(key) == EXPECTED_REFERENCES[key]


def test_italics_follow_the_style(bib):
    assert "<i>Nature</i>, <i>631</i>(8022)" in bib.reference_html("shumailov2024nature")
    assert "<i>Archives in the Age of Copies</i> (2nd ed.)" in bib.reference_html("hodges2019book")


def test_bibliography_order_is_the_styles(bib):
    keys = bib.keys
    assert keys.index("ccsds2012oais") < keys.index("graphite2025articles")
    assert keys.index("shumailov2023curse") < keys.index("shumailov2024nature")


@pytest.mark.parametrize(
    ("markdown", "shown"),
    [
        ("[@shumailov2024nature]", "(Shumailov et al., 2024)"),
        ("@shumailov2024nature showed", "Shumailov et al. (2024) showed"),
        ("[-@shumailov2024nature]", "(2024)"),
        ("[see @shumailov2024nature, p. 12]", "(see Shumailov et al., 2024, p. 12)"),
        ("[@shumailov2024nature, pp. 755-757]", "(Shumailov et al., 2024, pp. 755–757)"),
        ("[@okafor2020chapter, chap. 3]", "(Okafor, 2020, Chapter 3)"),
        ("[@okafor2020chapter, para. 4]", "(Okafor, 2020, para. 4)"),
        ("[@okafor2020chapter, sec. 2]", "(Okafor, 2020, Section 2)"),
        ("[@okafor2020chapter, emphasis added]", "(Okafor, 2020, emphasis added)"),
        ("@okafor2020chapter [p. 12]", "Okafor (2020, p. 12)"),
        ("[-@okafor2020chapter, p. 12]", "(2020, p. 12)"),
        ("[@kunze2018bagit]", "(Kunze & Littman, 2018)"),
        ("[@graphite2025articles]", "(Graphite, 2025)"),
        # Several works: one parenthetical, in the style's order (alphabetical for APA).
        (
            "[@shumailov2024nature; @graphite2025articles]",
            "(Graphite, 2025; Shumailov et al., 2024)",
        ),
        # ... unless a prefix ties a work to the author's sentence.
        (
            "[see @shumailov2024nature; @graphite2025articles]",
            "(see Shumailov et al., 2024; Graphite, 2025)",
        ),
        ("[-@shumailov2023curse; @shumailov2024nature]", "(2023; Shumailov et al., 2024)"),
    ],
)
def test_in_text_forms(bib, markdown, shown):
    assert inline(bib, markdown).startswith(shown)


def test_apa_disambiguation_adds_names_then_year_suffixes(bib):
    assert inline(bib, "[@dohmatob2024tale]") == "(Dohmatob, Feng, Yang, et al., 2024)"
    assert inline(bib, "[@dohmatob2024demystified]") == "(Dohmatob, Feng, & Kempe, 2024)"
    assert inline(bib, "@dohmatob2024tale") == "Dohmatob, Feng, Yang, et al. (2024)"
    # Same authors, same year: suffixes follow the reference list (title order).
    assert inline(bib, "[@twin2021second]") == "(Twin & Twin, 2021a)"
    assert inline(bib, "[@twin2021first]") == "(Twin & Twin, 2021b)"
    assert visible(bib.reference_html("twin2021second")).startswith("Twin, A., & Twin, B. (2021a).")
    assert inline(bib, "[-@twin2021first]") == "(2021b)"


def test_script_in_a_title_is_text(bib):
    for html in (
        bib.reference_html("mallory2024script"),
        bib.expand("[@mallory2024script]", "p.md").markdown,
    ):
        assert "<script>" not in html and "<b>friends" not in html
        assert (
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;friends&lt;/b&gt;"
            in html
        )
    assert visible(bib.reference_html("mallory2024script")).startswith(
        'Mallory, E. (2024). <script>alert("x")</script> & <b>friends</b>.'
    )


def test_dois_and_http_urls_become_links(bib):
    article = bib.reference_html("shumailov2024nature")
    assert '<a class="reference-link" href="https://doi.org/10.1038/s41586-024-07566-y">' in article
    web = bib.reference_html("mallory2024script")
    assert 'href="https://example.org/a_b?c=1&amp;d=2"' in web
    assert bib.doi("shumailov2024nature") == "10.1038/s41586-024-07566-y"


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "data:text/html,<script>alert(1)</script>", "ftp://x.org/f"]
)
def test_unsafe_urls_never_become_links(url):
    # Validation refuses such records...
    with pytest.raises(BibliographyError):
        Bibliography.from_string(f"@misc{{x, title = {{T}}, year = {{2020}}, url = {{{url}}}}}")
    # ... and the renderer would not link one even if it got that far.
    html = linked(to_html(f"Title. {url}"), {"URL": url})
    assert "<a" not in html and "href" not in html


def test_markdown_active_characters_are_entities(bib):
    html = bib.reference_html("mallory2024script")
    text_only = re.sub(r"<[^>]+>", "", html)
    assert not set("*_`[]|") & set(text_only)
    assert "https&#58;//" in text_only  # no autolinker can find a URL in the text


def test_style_is_one_parameter():
    chicago = Bibliography.from_string(BIB, style="chicago-author-date")
    assert inline(chicago, "[@hodges2019book, p. 3]") == "(Hodges 2019, 3)"
    assert visible(chicago.reference_html("hodges2019book")).startswith("Hodges, A. 2019.")


def test_unknown_style_is_reported():
    with pytest.raises(BibliographyError) as caught:
        Bibliography.from_string(BIB, style="no-such-style")
    assert "unknown CSL style 'no-such-style'" in str(caught.value)
