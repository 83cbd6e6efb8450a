"""SVG compaction: coordinates rounded, glyph scale factors untouched, still valid XML."""

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


def test_glyph_scale_factors_are_exact_and_xml_is_valid():
    svg = _svg()
    assert re.search(rb"scale\(0\.015625", svg), "glyph scale factors must not be rounded"
    ET.fromstring(svg)


def test_compaction_is_deterministic():
    assert _svg() == _svg()
