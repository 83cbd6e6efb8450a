"""SVG compaction: coordinates rounded, text kept as text with a font stack, valid XML."""

import re
import xml.etree.ElementTree as ET

import matplotlib
import numpy as np

from simulations import _style
from simulations.engine.outputs import figure_svg


def _svg() -> bytes:
    with matplotlib.rc_context(_style.RC):
        fig, ax = _style.figure()
        x = np.linspace(0, 1, 50)
        _style.simulated(ax, x, x**2, label="curve")
        ax.set_title("(a) t")
        ax.set_xlabel("x (units)")
        ax.set_ylabel("y (units)")
        return figure_svg(fig)


def test_path_coordinates_have_at_most_two_decimals():
    svg = _svg()
    for d in re.findall(rb'\sd="([^"]*)"', svg):
        assert not re.search(rb"\d\.\d{3}", d), d[:80]
        assert b"\n" not in d


def test_text_is_text_with_a_browser_font_stack_and_xml_is_valid():
    svg = _svg()
    root = ET.fromstring(svg)
    texts = [el.text for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "(a) t" in texts and "x (units)" in texts  # selectable, findable
    assert b"DejaVuSans-" not in svg, "glyphs must not be stored as outlines"
    assert re.search(rb"font-family: 'DejaVu Sans', 'Verdana', [^;\"]*sans-serif", svg)


def test_compaction_is_deterministic():
    assert _svg() == _svg()
