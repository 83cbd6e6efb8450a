"""Parsing (explicit bibtexparser stack) and the CSL-JSON boundary (LaTeX, names, types)."""

from __future__ import annotations

import pytest
from bibtexparser.middlewares import (
    NormalizeFieldKeys,
    RemoveEnclosingMiddleware,
    SeparateCoAuthors,
    SplitNameParts,
)

from bibliography.csl import to_csl
from bibliography.latex import decode, is_braced_whole
from bibliography.macros import ResolveMacros
from bibliography.parse import parse_bibtex, parse_stack

BIB = r"""% A comment that explains sourcing.
@string{nat = "Nature"}

@article{shumailov2024nature,
  author  = {Shumailov, Ilia and Shumaylov, Zakhar and Gal, Yarin},
  title   = {{AI} models collapse when trained on recursively generated data},
  journal = nat,
  volume  = {631},
  number  = {8022},
  pages   = {755--759},
  year    = {2024},
  month   = jul,
  doi     = {10.1038/s41586-024-07566-y}
}

@misc{graphite2025articles,
  author       = {{Graphite}},
  title        = {More Articles Are Now Created by {AI} Than Humans},
  year         = {2025},
  month        = oct,
  howpublished = {Web report},
  note         = {About 65% of \& more}
}

@misc{shumailov2023curse,
  author        = {Mart{\'i}nez, Jos{\'e} and Daum{\'e} III, Hal and van der Velde, Jos},
  title         = {The Curse of Recursion -- and $\pi^2/6$},
  year          = {2023},
  eprint        = {2305.17493},
  archivePrefix = {arXiv}
}

@misc{commoncrawl,
  author       = {{Common Crawl Foundation}},
  title        = {Common Crawl},
  howpublished = {\url{https://commoncrawl.org}},
  year         = {2026}
}

@misc{kunze2018bagit,
  author       = {Kunze, John A.},
  title        = {The {BagIt} File Packaging Format},
  series       = {Request for Comments},
  number       = {8493},
  howpublished = {RFC 8493},
  publisher    = {RFC Editor},
  year         = {2018},
  doi          = {10.17487/RFC8493}
}

@techreport{ccsds2012oais,
  author      = {{Consultative Committee for Space Data Systems}},
  title       = {Reference Model for an {OAIS}},
  institution = {CCSDS},
  type        = {Recommended Practice},
  number      = {CCSDS 650.0-M-2},
  year        = {2012}
}

@article{sadasivan2023detected,
  author  = {Sadasivan, Vinu Sankar},
  title   = {Can {AI}-Generated Text be Reliably Detected?},
  journal = {arXiv preprint arXiv:2303.11156},
  year    = {2023},
  eprint  = {2303.11156}
}

@inproceedings{guo2024curious,
  author    = {Guo, Yanzhu and Clavel, Chlo{\'e}},
  title     = {The Curious Decline},
  booktitle = {Findings of the ACL: NAACL 2024},
  editor    = {Duh, Kevin},
  series    = {Findings},
  pages     = {3589--3604},
  address   = {Mexico City, Mexico},
  publisher = {ACL},
  year      = {2024}
}

@book{hodges2019book,
  editor    = {Hodges, Ann},
  title     = {Archives in the Age of Copies},
  publisher = {Archive Press},
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
"""


@pytest.fixture(scope="module")
def parsed():
    return parse_bibtex(BIB)


@pytest.fixture(scope="module")
def items(parsed):
    return {record.key: to_csl(record) for record in parsed.records}


def test_parse_stack_is_explicit_and_in_order():
    assert [type(m) for m in parse_stack()] == [
        ResolveMacros,
        RemoveEnclosingMiddleware,
        NormalizeFieldKeys,
        SeparateCoAuthors,
        SplitNameParts,
    ]


def test_records_keep_key_type_lines_and_original_text(parsed):
    assert not parsed.failed
    first = parsed.records[0]
    assert (first.key, first.entry_type, first.line) == ("shumailov2024nature", "article", 4)
    assert first.field_lines["title"] == 6
    assert first.raw.startswith("@article{shumailov2024nature,")
    assert first.raw.endswith("}")
    assert "{{AI} models" in first.raw  # the original BibTeX, braces and all
    assert first.text("journal") == "Nature"  # @string resolved
    assert parsed.records[2].fields["archiveprefix"] == "arXiv"  # keys normalised


@pytest.mark.parametrize(
    ("latex", "text"),
    [
        (r"{AI} models", "AI models"),
        (r"Mart{\'i}nez", "Martínez"),
        (r"Chlo{\'e} and G{\"o}del", "Chloé and Gödel"),
        (r"Daum{\'e} III", "Daumé III"),
        (r"pages 755--759", "pages 755–759"),
        (r"Information technology --- {SoftWare}", "Information technology — SoftWare"),
        (r"Licensing \& Attribution", "Licensing & Attribution"),
        (r"about 65% of \& more", "about 65% of & more"),
        (r"the $\pi^2/6$ pathway", "the π²/6 pathway"),
        (r"\url{https://commoncrawl.org}", "https://commoncrawl.org"),
        ("two  spaces\nand a newline", "two spaces and a newline"),
        ("<script>", "<script>"),  # decoding is not escaping: that happens at output
    ],
)
def test_decode_latex(latex, text):
    assert decode(latex) == text


def test_braced_whole():
    assert is_braced_whole("{Graphite}")
    assert is_braced_whole("{ISO/TC 46/SC 4}")
    assert not is_braced_whole(r"{\'e}cole")
    assert not is_braced_whole("{AI} and {ML}")


def test_names_split_into_family_given_and_corporate_literals(items):
    assert items["shumailov2024nature"]["author"][0] == {"family": "Shumailov", "given": "Ilia"}
    assert items["graphite2025articles"]["author"] == [{"literal": "Graphite"}]
    assert items["ccsds2012oais"]["author"] == [
        {"literal": "Consultative Committee for Space Data Systems"}
    ]
    authors = items["shumailov2023curse"]["author"]
    assert authors[0] == {"family": "Martínez", "given": "José"}
    assert authors[1] == {"family": "Daumé III", "given": "Hal"}
    assert authors[2] == {"family": "Velde", "given": "Jos", "non-dropping-particle": "van der"}


def test_article_fields(items):
    item = items["shumailov2024nature"]
    assert item["type"] == "article-journal"
    assert item["title"] == "AI models collapse when trained on recursively generated data"
    assert item["container-title"] == "Nature"
    assert (item["volume"], item["issue"], item["page"]) == ("631", "8022", "755-759")
    assert item["issued"] == {"date-parts": [[2024, 7]]}
    assert item["DOI"] == "10.1038/s41586-024-07566-y"


def test_arxiv_preprints_from_misc_and_from_article(items):
    misc = items["shumailov2023curse"]
    assert (misc["type"], misc["publisher"]) == ("article", "arXiv")
    assert "arXiv:2305.17493" in misc["number"]
    assert misc["URL"] == "https://arxiv.org/abs/2305.17493"  # derived from the eprint
    assert misc["title"] == "The Curse of Recursion – and π²/6"
    article = items["sadasivan2023detected"]
    assert (article["type"], article["publisher"]) == ("article", "arXiv")
    assert "container-title" not in article


def test_misc_documents_reports_and_urls(items):
    web = items["graphite2025articles"]
    assert (web["type"], web["genre"]) == ("document", "Web report")
    assert web["issued"] == {"date-parts": [[2025, 10]]}
    assert web["note"] == "About 65% of & more"
    assert items["commoncrawl"]["URL"] == "https://commoncrawl.org"
    rfc = items["kunze2018bagit"]
    assert (rfc["type"], rfc["genre"], rfc["number"]) == ("report", "RFC", "8493")
    assert rfc["publisher"] == "RFC Editor"


def test_techreport_inproceedings_book_incollection(items):
    report = items["ccsds2012oais"]
    assert (report["type"], report["publisher"], report["genre"], report["number"]) == (
        "report",
        "CCSDS",
        "Recommended Practice",
        "CCSDS 650.0-M-2",
    )
    paper = items["guo2024curious"]
    assert paper["type"] == "paper-conference"
    assert paper["container-title"] == "Findings of the ACL: NAACL 2024"
    assert paper["editor"] == [{"family": "Duh", "given": "Kevin"}]
    assert (paper["publisher"], paper["publisher-place"]) == ("ACL", "Mexico City, Mexico")
    assert paper["collection-title"] == "Findings"
    book = items["hodges2019book"]
    # An edited book: the editors take the author position (see csl.py for why).
    assert (book["type"], book["author"]) == ("book", [{"family": "Hodges", "given": "Ann"}])
    chapter = items["okafor2020chapter"]
    assert (chapter["type"], chapter["container-title"]) == (
        "chapter",
        "Archives in the Age of Copies",
    )
    assert chapter["editor"] == [{"family": "Hodges", "given": "Ann"}]


def test_reserved_private_use_characters_are_dropped():
    record = parse_bibtex("@misc{x, title = {a\ue000b\ue001c}, year = {2020}}").records[0]
    assert to_csl(record)["title"] == "abc"
