"""The cache (keyed on content, written atomically), the public surface, the benchmark."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

import bibliography
from bibliography import Bibliography, BibliographyError, bench, cache, library

BIB = """@misc{hutter2021learning,
  author = {Hutter, Marcus},
  title  = {Learning Curve Theory},
  year   = {2021},
  url    = {https://arxiv.org/abs/2102.04074}
}
"""
PACKAGE = Path(bibliography.__file__).parent


def test_public_surface():
    assert sorted(bibliography.__all__) == [
        "Bibliography",
        "BibliographyError",
        "CitationError",
        "CiteIds",
        "Expanded",
        "Problem",
        "ProblemsError",
        "scan_keys",
    ]
    for name in bibliography.__all__:
        assert getattr(bibliography, name).__module__.startswith("bibliography.")
    methods = {
        "load",
        "from_string",
        "expand",
        "references_section",
        "add_references",
        "bibliography_page",
        "to_bibtex",
        "to_csl_json",
        "unused",
        "cite_this",
        "keys",
        "reference_html",
        "reference_text",
        "doi",
    }
    assert methods <= set(dir(Bibliography))


def test_no_mkdocs_anywhere_in_the_package():
    for source in PACKAGE.glob("*.py"):
        tree = ast.parse(source.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(n.split(".")[0] in ("mkdocs", "material") for n in names), source


def test_second_load_reuses_the_cache(tmp_path, monkeypatch):
    bib_file = tmp_path / "refs.bib"
    bib_file.write_text(BIB, encoding="utf-8")
    first = Bibliography.load(bib_file, cache_dir=tmp_path / "cache")
    written = list((tmp_path / "cache").glob("*.json"))
    assert len(written) == 1 and not list((tmp_path / "cache").glob(".tmp-*"))

    def must_not_parse(*args, **kwargs):
        raise AssertionError("parsed again although nothing changed")

    monkeypatch.setattr(library, "parse_bibtex", must_not_parse)
    second = Bibliography.load(bib_file, cache_dir=tmp_path / "cache")
    assert second.reference_html("hutter2021learning") == first.reference_html("hutter2021learning")
    assert second.to_bibtex() == first.to_bibtex()


def test_cache_key_follows_content_and_style(tmp_path):
    apa = library.render.resolve_style("apa")
    chicago = library.render.resolve_style("chicago-author-date")
    key = cache.fingerprint(BIB.encode(), apa)
    assert key == cache.fingerprint(BIB.encode(), apa)
    assert key != cache.fingerprint((BIB + " ").encode(), apa)
    assert key != cache.fingerprint(BIB.encode(), chicago)


def test_changed_file_is_rendered_again(tmp_path):
    bib_file = tmp_path / "refs.bib"
    bib_file.write_text(BIB, encoding="utf-8")
    Bibliography.load(bib_file, cache_dir=tmp_path)
    bib_file.write_text(BIB.replace("Learning Curve Theory", "Learning Curves"), encoding="utf-8")
    assert "Learning Curves" in Bibliography.load(bib_file, cache_dir=tmp_path).reference_html(
        "hutter2021learning"
    )
    assert len(list(tmp_path.glob("*.json"))) == 2


def test_a_damaged_cache_file_is_rebuilt(tmp_path):
    bib_file = tmp_path / "refs.bib"
    bib_file.write_text(BIB, encoding="utf-8")
    Bibliography.load(bib_file, cache_dir=tmp_path / "c")
    (damaged,) = (tmp_path / "c").glob("*.json")
    damaged.write_text("{not json", encoding="utf-8")
    notes: list[str] = []
    assert "hutter2021learning" in Bibliography.load(
        bib_file, cache_dir=tmp_path / "c", report=notes.append
    )
    assert len(notes) == 1 and str(damaged) in notes[0] and "rebuilding" in notes[0]
    key = damaged.stem
    assert cache.load(tmp_path / "c", key) is not None  # rewritten whole, and trusted


def test_old_entries_are_pruned(tmp_path, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 2)
    for n in range(4):
        cache.save(tmp_path, f"entry{n}", {"n": n})
        os.utime(tmp_path / f"entry{n}.json", (1000 + n, 1000 + n))
    cache.save(tmp_path, "entry4", {"n": 4})
    assert sorted(p.name for p in tmp_path.glob("*.json")) == ["entry3.json", "entry4.json"]


def test_a_bad_file_is_never_cached(tmp_path):
    bib_file = tmp_path / "refs.bib"
    bib_file.write_text(BIB.replace("2021", "21"), encoding="utf-8")
    with pytest.raises(BibliographyError) as caught:
        Bibliography.load(bib_file, cache_dir=tmp_path / "c")
    assert str(caught.value.problems[0]).startswith(f"{bib_file}:4: ")
    assert not (tmp_path / "c").exists()


def test_bench_generates_valid_records_and_prints_timings(capsys):
    text = bench.generate(12)
    bib = Bibliography.from_string(text)
    assert len(bib) == 12
    assert bench.main(["--records", "6"]) == 0
    out = capsys.readouterr().out
    assert "cold:" in out and "warm:" in out and " s " in out
