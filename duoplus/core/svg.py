"""Small server-side SVG charts: accessible (role="img", a title and a description that say
what the picture shows), no colour without text, and no style attributes (the Content
Security Policy allows no inline styles), so they render the same in the page and in the PDF.
"""

import hashlib

from django.utils.html import format_html
from django.utils.safestring import mark_safe


def figure(*, width, height, title, description, body, css_class):
    """An ``<svg>`` with its text alternative; ``body`` is trusted markup built here."""
    # Deterministic (the PDF must come out byte for byte the same from the same content).
    ident = f"{css_class}-{hashlib.sha256(f'{title}|{description}'.encode()).hexdigest()[:10]}"
    return format_html(
        '<figure class="chart-figure"><figcaption>{title}</figcaption>'
        '<svg class="chart {css}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        'role="img" aria-labelledby="{id}-t {id}-d" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{id}-t">{title}</title><desc id="{id}-d">{desc}</desc>{body}</svg>'
        "</figure>",
        css=css_class,
        w=width,
        h=height,
        id=ident,
        title=title,
        desc=description,
        body=body,
    )


def rect(x, y, width, height, fill):
    return format_html(
        '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
        _n(x),
        _n(y),
        _n(width),
        _n(height),
        fill,
    )


def text(x, y, content, *, anchor="start", fill="#1a1a1a", size=13, weight="normal"):
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" fill="{}" font-size="{}" font-weight="{}" '
        'font-family="DejaVu Sans, Verdana, sans-serif">{}</text>',
        _n(x),
        _n(y),
        anchor,
        fill,
        size,
        weight,
        content,
    )


def line(x1, y1, x2, y2, stroke="#1a1a1a"):
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"/>',
        _n(x1),
        _n(y1),
        _n(x2),
        _n(y2),
        stroke,
    )


def join(parts):
    return mark_safe("".join(str(p) for p in parts))  # noqa: S308 (each part escaped above)


def _n(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")
