"""Word counts exclude code, markup and figure lines."""

from publishing import reading_minutes, word_count


def test_word_count_ignores_code_markup_and_figures():
    body = '## Heading here\n\nOne two three.\n\n[[figure: x]]\n\n```py\nnot counted at all\n```\n\n<p class="kb">Four</p>'
    assert word_count(body) == 6


def test_reading_minutes_rounds_up_and_is_at_least_one():
    assert reading_minutes("word") == 1
    assert reading_minutes("word " * 231) == 2
