"""Page processing for the site, in plain Python: what the MkDocs hook delegates to.

Front-matter checks, figure embeds, reading time and the site build wrapper live here so
that they can be tested, and moved to another generator, without MkDocs.
"""

from publishing.errors import SourceError, SourceErrors
from publishing.figure_embed import embed_figures, figure_names_in
from publishing.front_matter import validate_essay
from publishing.reading import reading_minutes, word_count
from publishing.site_pages import SitePages, is_essay
from publishing.values import bind_values, value_table

__all__ = [
    "SitePages",
    "SourceError",
    "SourceErrors",
    "bind_values",
    "embed_figures",
    "figure_names_in",
    "is_essay",
    "reading_minutes",
    "validate_essay",
    "value_table",
    "word_count",
]
