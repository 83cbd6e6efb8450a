"""Front-matter text made safe for theme templates that print it without escaping.

Material prints a page's title and description into the HTML as they are (``{{ page.title
}}`` in the navigation, the header and the footer; ``{{ page.meta.title }}`` in
``<title>``; ``{{ page.meta.description }}`` inside the ``content="…"`` of its description
``<meta>``): MkDocs renders templates without autoescaping, and Zensical's templates print
them raw too. A title such as ``<img src=x onerror=alert(1)>`` would then run on every
page, and a description holding a double quote ends its attribute early.

Rather than copy and patch each partial of two themes (and keep them in step with every
release), the values are escaped at their source, once: the Markdown extension
(``publishing.markdown_ext``) turns the generator's copy of the page's front matter into
template text after the page steps have run, before any template does (both generators
render every page's Markdown before the first template). They become
:class:`markupsafe.Markup` strings, which Jinja treats as already escaped: a template that
prints them raw shows the text, and one that escapes them itself (``| e``, as Material's
footer does in its ``aria-label``) does not escape them twice. The page steps, the head
metadata and the feed read the source file's own front matter and escape for themselves.
"""

from __future__ import annotations

from markupsafe import Markup, escape

__all__ = [
    "ESCAPED_FIELDS",
    "escape_fields",
    "escape_fields_in_place",
    "plain_text",
    "template_text",
]

#: The front-matter fields a theme may print (Material prints ``author`` in a ``<meta>``);
#: ``authors`` may be a name or a list of names.
ESCAPED_FIELDS = ("title", "description", "author", "authors")


def template_text(value: object) -> Markup:
    """``value`` as text that prints literally from a template, however it is printed.

    Args:
        value: a string (or anything with a string form); an existing ``Markup`` is
            kept as it is, so calling this twice never escapes twice.
    """
    if isinstance(value, Markup):
        return value
    return escape(str(value))


def plain_text(value: object) -> str:
    """The raw text behind a value from :func:`template_text` (other values as ``str``)."""
    if isinstance(value, Markup):
        return value.unescape()
    return str(value)


def escape_fields(meta: dict) -> dict:
    """A copy of a page's front matter with the fields a theme prints made template text.

    Lists (several authors) are escaped item by item; missing and empty fields, and
    values that are neither strings nor lists (a mapping for an author), are left alone.
    """
    out = dict(meta)
    for key in ESCAPED_FIELDS:
        value = out.get(key)
        if isinstance(value, str) and value:
            out[key] = template_text(value)
        elif isinstance(value, list):
            out[key] = [template_text(v) if isinstance(v, str) else v for v in value]
    return out


def escape_fields_in_place(meta: dict) -> None:
    """Make the fields a theme prints template text in ``meta`` itself.

    The generator keeps the dict it gave the Markdown extension and reads it for its
    templates, so the change has to be made in that very object.
    """
    meta.update(escape_fields(meta))
