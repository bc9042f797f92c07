"""The one way user-written text becomes HTML, on the page and in the PDF alike.

Staff write a small Markdown subset: paragraphs (blank line), line breaks, bullet and
numbered lists, **bold**, *italic* and [links](https://…). Raw HTML is not interpreted (it is
shown as text), and the output passes through nh3 (the Ammonia sanitiser) with a tag list
that matches the subset, so nothing a user types can add scripts, styles, images or
requests — in the browser or in WeasyPrint.
"""

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

_markdown = MarkdownIt("zero", {"breaks": True, "html": False}).enable(
    ["emphasis", "list", "link", "escape", "newline"]
)

ALLOWED_TAGS = {"p", "br", "ul", "ol", "li", "strong", "em", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}

# Characters that have no place in text: C0 controls except tab and newline, and DEL.
_CONTROL = dict.fromkeys([*range(0, 9), 11, 12, *range(14, 32), 127])


def clean_source(text):
    """Normalise what a user typed before it is stored: Unix newlines, no control characters."""
    return (text or "").replace("\r\n", "\n").replace("\r", "\n").translate(_CONTROL)


def is_single_line(text):
    """Whether ``text`` is one line: no newline, tab or other control character (what a
    title, name or kenmerk may hold; mail headers break on a newline)."""
    return not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in text or "")


def render(text):
    """Sanitised HTML for ``text`` (Markdown subset), safe to put in a template as is."""
    if not text:
        return mark_safe("")
    html = _markdown.render(clean_source(text))
    # Safe: nh3 keeps only the tags and attributes listed above.
    return mark_safe(  # noqa: S308
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )
