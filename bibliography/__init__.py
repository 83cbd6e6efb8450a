"""Citations and references for the knowledge base, in plain Python (no MkDocs).

Read a .bib file once, validated and rendered with a CSL style (APA 7 by default), then
expand Pandoc-style citations in each page and build the per-page and site-wide
reference lists::

    from bibliography import Bibliography

    bib = Bibliography.load("bibliography/references.bib")   # raises BibliographyError
    page = bib.expand(markdown, page="essays/x.md", line_offset=7)  # CitationError
    markdown = bib.add_references(page.markdown, page.keys, bibliography_url="../../bibliography/")
"""

from .cite_syntax import scan_keys
from .errors import BibliographyError, CitationError, Problem, ProblemsError
from .library import Bibliography, Expanded
from .markup import CiteIds

__all__ = [
    "Bibliography",
    "BibliographyError",
    "CitationError",
    "CiteIds",
    "Expanded",
    "Problem",
    "ProblemsError",
    "scan_keys",
]
