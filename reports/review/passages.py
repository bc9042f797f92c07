"""Putting something beside a passage of the reading view: after the heading of the letter,
of a programme's chapter or of the budget chapter, in the content as frozen at submission.
The frozen HTML is the portal's own (review/_content.html); what is inserted is HTML that a
template rendered (escaped), never user text as such."""

import re

from django.utils.safestring import SafeString, mark_safe


def with_asides(html: str, asides: dict[str, str]) -> SafeString:
    """``html`` with ``asides[anchor]`` inserted right after the first heading that follows
    the element with id ``anchor``; an anchor that is not in the content is left out."""
    if not asides:
        return mark_safe(html)  # noqa: S308 - the frozen content, rendered by our templates
    for anchor, aside in asides.items():
        start = re.search(rf'\bid="{re.escape(anchor)}"', html)
        if start is None:
            continue
        heading = re.compile(r"</h[2-4]>").search(html, start.end())
        if heading is None:
            continue
        html = html[: heading.end()] + aside + html[heading.end() :]
    return mark_safe(html)  # noqa: S308 - as above, plus template-rendered asides
