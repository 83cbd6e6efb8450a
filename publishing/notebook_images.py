"""Notebook outputs as image files beside the page, not base64 inside it.

nbconvert writes every image output into the page as a ``data:`` URI: the page was
0.9–1.2 MB of HTML, the images could not be lazy-loaded, and a browser had to parse
all of them before it could show the first line. After the generator, each such image
becomes a file in the page's folder (``notebooks/x/x-1.svg``), shown with ``width``,
``height`` (no layout shift), ``alt`` and ``loading="lazy"``.

Size and text alternative come from the output's metadata, written by
:mod:`publishing.notebook_figures` when the notebook ran; an image from elsewhere (a
notebook displaying a file) gets its size from its own bytes.

A site step (``site_steps.notebook_images``) runs this on the built pages under either
generator: both write a notebook's page to ``notebooks/<name>/index.html``.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_lib
import re

__all__ = ["ImageFile", "externalize", "image_size", "output_metadata"]

_EXT = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}
_IMG = re.compile(
    r'<img\b(?P<attrs>[^>]*?)\bsrc="data:(?P<mime>image/(?:svg\+xml|png|jpeg));base64,'
    r'(?P<data>[A-Za-z0-9+/=\s]+)"(?P<rest>[^>]*)>'
)
_ATTR = re.compile(r'\b(width|height|alt)=(?:"([^"]*)"|(\S+))')
_SVG_SIZE = re.compile(
    rb'<svg\b[^>]*?\bwidth="([\d.]+)(pt|px)?"[^>]*?\bheight="([\d.]+)(pt|px)?"', re.DOTALL
)


class ImageFile:
    """One extracted image: its file name in the page's folder and its bytes."""

    def __init__(self, name: str, data: bytes):
        self.name = name
        self.data = data

    def __repr__(self) -> str:
        return f"ImageFile({self.name!r}, {len(self.data)} bytes)"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _output_bytes(mime: str, payload) -> bytes:
    text = "".join(payload) if isinstance(payload, list) else str(payload)
    if mime == "image/svg+xml":
        return text.encode("utf-8")
    return base64.b64decode(text)


def output_metadata(nb: dict) -> dict[str, dict]:
    """SHA-256 of each image output's bytes -> that output's metadata for its type."""
    found: dict[str, dict] = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) or []:
            data = output.get("data") or {}
            for mime in _EXT:
                if mime in data:
                    meta = (output.get("metadata") or {}).get(mime) or {}
                    found[_digest(_output_bytes(mime, data[mime]))] = meta
    return found


def image_size(mime: str, data: bytes) -> tuple[int, int] | None:
    """CSS size of an image from its bytes: PNG pixels, SVG width/height (pt at 96 dpi)."""
    if mime == "image/png" and data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) >= 24:
        return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if mime == "image/svg+xml" and (m := _SVG_SIZE.search(data[:4096])):
        scale = 96 / 72 if m.group(2) == b"pt" else 1
        return round(float(m.group(1)) * scale), round(float(m.group(3)) * scale)
    return None


def externalize(
    page_html: str, stem: str, metadata: dict[str, dict] | None = None
) -> tuple[str, list[ImageFile]]:
    """Replace every base64 image in a notebook page by a file named ``<stem>-<n>.<ext>``.

    Args:
        page_html: The built page.
        stem: The notebook's name, e.g. ``collapse-dynamics``.
        metadata: :func:`output_metadata` of the notebook shown (width, height, alt).

    Returns:
        The page with ``<img src="<stem>-<n>.<ext>" width height alt loading="lazy">``
        (relative to the page's folder) and the files to write there. The same image
        twice on a page is one file.
    """
    metadata = metadata or {}
    files: dict[str, ImageFile] = {}

    def replace(m: re.Match) -> str:
        mime = m.group("mime")
        data = base64.b64decode("".join(m.group("data").split()))
        digest = _digest(data)
        if digest not in files:
            files[digest] = ImageFile(f"{stem}-{len(files) + 1}.{_EXT[mime]}", data)
        meta = metadata.get(digest, {})
        written = {
            k: html_lib.unescape(v if v is not None else bare)
            for k, v, bare in _ATTR.findall(m.group("attrs") + m.group("rest"))
        }
        size = (meta.get("width"), meta.get("height"))
        if not all(isinstance(v, int) and v > 0 for v in size):
            size = image_size(mime, data) or (written.get("width"), written.get("height"))
        alt = meta.get("alt") or written.get("alt") or "Figure"
        if alt == "No description has been provided for this image":  # nbconvert's filler
            alt = "Figure"
        attrs = [f'src="{files[digest].name}"']
        if all(size):
            attrs.append(f'width="{size[0]}" height="{size[1]}"')
        attrs.append(f'alt="{html_lib.escape(str(alt))}"')
        attrs.append('loading="lazy" decoding="async"')
        return f"<img {' '.join(attrs)}>"

    return _IMG.sub(replace, page_html), list(files.values())
