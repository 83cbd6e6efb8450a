"""Notebook code blocks scroll sideways and take keyboard focus instead of their input area."""

from publishing.notebook_code import scrollable_code

CELL = (
    '<div class="jp-Cell-inputWrapper" tabindex="0">\n<div class="jp-InputArea">'
    '<div class="highlight-ipynb hl-python"><pre><span>import</span> numpy</pre></div>'
    '</div></div><div class="jp-RenderedText jp-OutputArea-output" tabindex="0"><pre>1</pre></div>'
)


def test_the_code_block_takes_focus_and_the_input_area_does_not():
    out = scrollable_code(CELL)
    assert '<div class="jp-Cell-inputWrapper">' in out
    assert '<div class="highlight-ipynb hl-python"><pre tabindex="0"><span>import' in out
    assert out.count('tabindex="0"') == 2  # the code block and the (unchanged) output area


def test_running_twice_changes_nothing_more():
    once = scrollable_code(CELL)
    assert scrollable_code(once) == once
