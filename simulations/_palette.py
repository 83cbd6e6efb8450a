"""Colours for a dark page: the same figure, every colour readable on the dark background.

A module's colours are chosen for white. For a dark page each one is mapped rather than
replaced, so a reader switching palettes still recognises the series: near-greys swap
lightness (dark theory lines become light ones), coloured lines keep their hue and are
lightened until their contrast with the background reaches WCAG's 4.5:1 (well above the
3:1 asked of graphics, so thin dashed lines stay clear too). Backgrounds and grid lines
come from the dark rcParams in :mod:`simulations._style` and are left as drawn.
"""

from __future__ import annotations

import colorsys

import numpy as np
from matplotlib.colors import to_hex, to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Annotation, Text

__all__ = ["contrast", "for_dark", "recolour_for_dark"]

#: The contrast every mapped colour reaches against the dark background.
TARGET_CONTRAST = 4.5


def _luminance(rgb) -> float:
    """WCAG 2 relative luminance of an sRGB colour (components in 0..1)."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(float(c)) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a, b) -> float:
    """WCAG 2 contrast ratio (1 to 21) of two opaque colours (any matplotlib colour)."""
    la, lb = _luminance(to_rgba(a)), _luminance(to_rgba(b))
    hi, lo = max(la, lb), min(la, lb)
    return (hi + 0.05) / (lo + 0.05)


def for_dark(color, background: str, target: float = TARGET_CONTRAST) -> tuple:
    """``color`` (RGBA) as drawn on ``background``; its alpha is kept.

    White becomes the background (a white box stays a box of the page's colour); greys
    swap lightness; then the colour is lightened, hue kept, until its contrast with the
    background reaches ``target``.
    """
    r, g, b, a = to_rgba(color)
    h, light, s = colorsys.rgb_to_hls(r, g, b)
    if light >= 0.97:
        return (*to_rgba(background)[:3], a)
    if s < 0.15 or light < 0.2:
        light = 1.0 - light
    for _ in range(100):
        rgb = colorsys.hls_to_rgb(h, light, s)
        if contrast(rgb, background) >= target or light >= 1.0:
            break
        light = min(1.0, light + 0.01)
    return (*rgb, a)


def _map_array(colors, background: str) -> np.ndarray | None:
    arr = np.asarray(colors)
    if arr.size == 0:
        return None
    return np.array([for_dark(c, background) for c in np.atleast_2d(arr)])


def _is_set(color) -> bool:
    return not (isinstance(color, str) and color.lower() in ("none", "auto"))


def recolour_for_dark(fig: Figure, background: str) -> None:
    """Map every colour drawn on ``fig`` by a module (not by the style) for ``background``.

    The figure and axes backgrounds, spines, ticks and grid lines already carry the dark
    style's colours and are left alone; lines, markers, bands, bars, text, annotation
    arrows and legend keys are mapped with :func:`for_dark`.
    """
    skip: set[int] = {id(fig.patch)}
    for ax in fig.axes:
        skip.add(id(ax.patch))
        skip.update(id(s) for s in ax.spines.values())
        for axis in (ax.xaxis, ax.yaxis):
            skip.update(id(line) for line in axis.get_gridlines())
            skip.update(id(t) for t in axis.get_ticklabels(which="both"))
            skip.update(id(line) for line in axis.get_ticklines(minor=False))
            skip.update(id(line) for line in axis.get_ticklines(minor=True))
            skip.add(id(axis.label))
        skip.update(id(t) for t in (ax.title, ax._left_title, ax._right_title))
    seen: set[int] = set()
    for artist in fig.findobj():
        if id(artist) in skip or id(artist) in seen:
            continue
        seen.add(id(artist))
        if isinstance(artist, Line2D):
            artist.set_color(for_dark(artist.get_color(), background))
            for getter, setter in (
                (artist.get_markerfacecolor, artist.set_markerfacecolor),
                (artist.get_markeredgecolor, artist.set_markeredgecolor),
            ):
                color = getter()
                if _is_set(color):
                    setter(for_dark(color, background))
        elif isinstance(artist, Text):
            artist.set_color(for_dark(artist.get_color(), background))
            if isinstance(artist, Annotation) and artist.arrow_patch is not None:
                patch = artist.arrow_patch
                patch.set_edgecolor(for_dark(patch.get_edgecolor(), background))
                patch.set_facecolor(for_dark(patch.get_facecolor(), background))
            box = artist.get_bbox_patch()
            if box is not None:
                box.set_facecolor(for_dark(box.get_facecolor(), background))
                box.set_edgecolor(for_dark(box.get_edgecolor(), background))
        elif isinstance(artist, Patch):
            if artist.get_fill():
                artist.set_facecolor(for_dark(artist.get_facecolor(), background))
            artist.set_edgecolor(for_dark(artist.get_edgecolor(), background))
        elif hasattr(artist, "get_facecolor") and hasattr(artist, "set_edgecolor"):
            # Collections: bands, scatter points, error bars (arrays of RGBA).
            faces = _map_array(artist.get_facecolor(), background)
            if faces is not None:
                artist.set_facecolor(faces)
            edges = _map_array(artist.get_edgecolor(), background)
            if edges is not None:
                artist.set_edgecolor(edges)


def hex_of(color) -> str:
    """``#rrggbb`` of a colour (for messages and tests)."""
    return to_hex(color, keep_alpha=False)
