"""The editorial values check: hand-typed computed numbers and unknown value names."""

from __future__ import annotations

from tools import editorial

VALUES = {
    "gaussian_collapse.var_ratio_t10": {"kind": "closed form", "value": 0.5987369392383787},
    "gaussian_collapse.n": {"kind": "parameter", "value": 20.0},
    "watermark_detection.tokens_95_h01": {"kind": "closed form", "value": 2898.0809468277844},
    "tail_loss.survivors_t1": {"kind": "closed form", "value": 422.6157705045579},
}


def _essay(tmp_path, body: str):
    path = tmp_path / "essay.md"
    path.write_text("---\ntitle: T\n---\n\n[[figure: gaussian_collapse]]\n\n" + body + "\n")
    return path


def test_typed_value_is_flagged_with_the_token_to_write(tmp_path):
    path = _essay(tmp_path, "It gives 0.599 after 10 generations, with 20 points.")
    problems = editorial.check_values(path, editorial.ROOT, VALUES)
    assert len(problems) == 1
    text = str(problems[0])
    assert ":7: the number 0.599 is typed by hand" in text
    assert "bind it to gaussian_collapse.var_ratio_t10" in text
    assert "[[value: gaussian_collapse.var_ratio_t10 | .3f]]" in text


def test_other_precisions_short_numbers_parameters_and_bound_values_pass(tmp_path):
    body = (
        "About 0.6 of it; 20 points; 1,000 texts; [[value: gaussian_collapse.var_ratio_t10]]; "
        "`0.599` in code; 0.598 is another number."
    )
    assert editorial.check_values(_essay(tmp_path, body), editorial.ROOT, VALUES) == []


def test_values_of_simulations_the_essay_does_not_use_are_not_matched(tmp_path):
    path = _essay(tmp_path, "Only 422.6 survive; 2,898 tokens.")
    assert editorial.check_values(path, editorial.ROOT, VALUES) == []
    path = _essay(tmp_path, "[[value: tail_loss.survivors_t1]] then 422.6 again.")
    assert "tail_loss.survivors_t1" in str(editorial.check_values(path, editorial.ROOT, VALUES)[0])


def test_unknown_value_name_has_file_line_and_close_match(tmp_path):
    path = _essay(tmp_path, "x\n\ny [[value: gaussian_collapse.var_ratio_t01]]")
    problems = editorial.check_values(path, editorial.ROOT, VALUES)
    assert len(problems) == 1
    text = str(problems[0])
    assert ":9: unknown value 'gaussian_collapse.var_ratio_t01'" in text
    assert "did you mean gaussian_collapse.var_ratio_t10" in text
