"""The search index keeps prose and drops notebook code (publishing.search_index)."""

from __future__ import annotations

import json

from publishing.search_index import slim_index, slim_site_index, slim_text

# As Material's parser flattens an nbconvert page: prompt, copy label, the highlighted
# block, the plain copy of the code, then an output block.
NOTEBOOK_TEXT = (
    "<p>Prose before the code.</p> In [1]: Copied! <pre>import numpy as np\nx = 1\n</pre> "
    "import numpy as np x = 1 In [2]: Copied! <pre>print(x)</pre> print(x) <pre>1\n</pre> "
    "<p>Prose after the output.</p>"
)


def test_code_cells_outputs_and_prompts_are_removed():
    text = slim_text(NOTEBOOK_TEXT)
    assert text == "<p>Prose before the code.</p> <p>Prose after the output.</p>"


def test_only_notebook_pages_are_slimmed():
    essay_text = "<p>An essay that shows code:</p> <pre>x = 1</pre> x = 1"
    index = {
        "config": {"lang": ["en"]},
        "docs": [
            {"location": "essays/a/", "title": "A", "text": essay_text},
            {"location": "notebooks/", "title": "Lab notebooks", "text": "<pre>keep</pre>"},
            {"location": "notebooks/n/", "title": "N", "text": NOTEBOOK_TEXT},
            {"location": "notebooks/n/#part", "title": "Part", "text": "In [3]: <pre>y</pre> y"},
        ],
    }
    slim = slim_index(index)
    assert slim["config"] == index["config"]
    texts = {d["location"]: d["text"] for d in slim["docs"]}
    assert texts["essays/a/"] == essay_text
    assert texts["notebooks/"] == "<pre>keep</pre>"
    assert "import numpy" not in texts["notebooks/n/"]
    assert texts["notebooks/n/#part"] == ""


def test_site_index_is_rewritten_smaller_and_still_json(tmp_path):
    (tmp_path / "search").mkdir()
    index = {
        "config": {},
        "docs": [{"location": "notebooks/n/", "title": "N", "text": NOTEBOOK_TEXT}],
    }
    (tmp_path / "search" / "search_index.json").write_text(json.dumps(index), "utf-8")
    before, after = slim_site_index(tmp_path)
    assert after < before
    data = json.loads((tmp_path / "search" / "search_index.json").read_text("utf-8"))
    assert "Prose after the output" in data["docs"][0]["text"]


def test_a_site_without_an_index_is_left_alone(tmp_path):
    assert slim_site_index(tmp_path) is None


def test_references_and_cite_this_sections_are_dropped_from_both_generators_indexes():
    entries = [
        {"location": "essays/a/", "title": "A", "text": "<p>Prose.</p>"},
        {"location": "essays/a/#references", "title": "References", "text": "Author, A."},
        {"location": "essays/a/#cite-this-essay", "title": "Cite", "text": "@misc{a,}"},
        {"location": "essays/a/#referees", "title": "Referees", "text": "kept"},
    ]
    for field in ("docs", "items"):  # MkDocs, Zensical
        slim = slim_index({"config": {}, field: entries})
        assert [d["location"] for d in slim[field]] == ["essays/a/", "essays/a/#referees"]


def test_zensical_index_file_is_slimmed(tmp_path):
    index = {"config": {}, "items": [{"location": "essays/a/#references", "text": "x" * 99}]}
    (tmp_path / "search.json").write_text(json.dumps(index), "utf-8")
    before, after = slim_site_index(tmp_path)
    assert after < before
    assert json.loads((tmp_path / "search.json").read_text("utf-8"))["items"] == []
