"""How a notebook's matplotlib figure becomes an output: SVG with text as text, else PNG.

Imported inside the notebook kernel by the hidden setup cell of
:mod:`publishing.notebooks`. Each figure is drawn both ways and the lighter one (as
served, gzip-compressed) is kept, with its displayed size and a text alternative in the
output's metadata, so the page can show it as a separate image file with ``width``,
``height`` and ``alt`` (see :mod:`publishing.notebook_images`):

- SVG keeps its text as text (``svg.fonttype: none``): sharp at any zoom, selectable,
  found by the browser's find, and a fraction of the weight of glyphs stored as paths;
- PNG is kept where SVG would be heavier, e.g. a scatter of many thousands of points;
  it is drawn at twice its displayed size so that it stays sharp on phone screens.

Both are reproducible: no date or software tag, fixed SVG ids (``svg.hashsalt``).
"""

from __future__ import annotations

import gzip
import io
import re

import matplotlib as mpl
from matplotlib.figure import Figure

__all__ = ["PNG_SCALE", "figure_alt", "figure_output", "install"]

#: PNG pixels per displayed CSS pixel (displayed size: 100 px per inch, as before).
PNG_SCALE = 2
_DPI = 100
_SVG_RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "collapse-provenance",
    # The generic family after the named one: a reader without DejaVu Sans gets a sans.
    "font.family": ["sans-serif"],
}
_SVG_SIZE = re.compile(rb'<svg\b[^>]*?\bwidth="([\d.]+)pt"[^>]*?\bheight="([\d.]+)pt"')


def figure_alt(fig: Figure) -> str:
    """A short text alternative from the figure's titles (suptitle, then each panel's)."""
    parts = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        parts.append(suptitle.get_text().strip())
    for ax in fig.get_axes():
        title = ax.get_title().strip() or ax.get_title("left").strip()
        if title:
            parts.append(title)
    if not parts:
        return "Figure"
    return "Figure: " + "; ".join(parts)


def _svg(fig: Figure) -> tuple[bytes, tuple[int, int]]:
    family = [*mpl.rcParams["font.family"]]
    rc = dict(_SVG_RC)
    if family and family != ["sans-serif"]:
        rc["font.sans-serif"] = family + list(mpl.rcParams["font.sans-serif"])
    buf = io.BytesIO()
    with mpl.rc_context(rc):
        fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    data = buf.getvalue()
    m = _SVG_SIZE.search(data)
    # Points to CSS pixels at the PNG's 100 px per inch, so both show at the same size.
    size = (round(float(m.group(1)) * _DPI / 72), round(float(m.group(2)) * _DPI / 72))
    return data, size


def _png(fig: Figure) -> tuple[bytes, tuple[int, int]]:
    buf = io.BytesIO()
    fig.savefig(
        buf,
        format="png",
        dpi=_DPI * PNG_SCALE,
        bbox_inches="tight",
        metadata={"Software": None},
    )
    data = buf.getvalue()
    width = int.from_bytes(data[16:20], "big")
    height = int.from_bytes(data[20:24], "big")
    return data, (round(width / PNG_SCALE), round(height / PNG_SCALE))


def figure_output(fig: Figure) -> tuple[str, bytes, dict]:
    """The figure as ``(mime type, bytes, metadata)``: SVG unless PNG is lighter gzipped.

    The metadata holds ``width`` and ``height`` in CSS pixels and ``alt``.
    """
    svg, size = _svg(fig)
    png, png_size = _png(fig)
    meta = {"alt": figure_alt(fig)}
    if len(gzip.compress(svg, 9, mtime=0)) <= len(png):
        return "image/svg+xml", svg, {**meta, "width": size[0], "height": size[1]}
    return "image/png", png, {**meta, "width": png_size[0], "height": png_size[1]}


def _bundle(fig: Figure):
    mime, data, meta = figure_output(fig)
    if mime == "image/png":
        import base64

        payload = base64.b64encode(data).decode("ascii")
    else:
        payload = data.decode("utf-8")
    return {mime: payload}, {mime: meta}


def install(shell) -> None:
    """Show every matplotlib figure in ``shell`` (IPython) through :func:`figure_output`.

    The inline backend's own image formatters are switched off, so each figure gives
    exactly one image output, not one per format.
    """
    for mime in ("image/png", "image/jpeg", "image/svg+xml", "application/pdf"):
        shell.display_formatter.formatters[mime].pop(Figure, None)
    shell.display_formatter.mimebundle_formatter.for_type(Figure, _bundle)
