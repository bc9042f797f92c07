"""The core's filters: Dutch money and user-written text."""

from django import template

from duoplus.core.formatting import format_euro
from duoplus.core.richtext import render as render_richtext

register = template.Library()


@register.filter
def euro(value):
    """``32000`` → ``€ 32.000``, ``8000.5`` → ``€ 8.000,50``."""
    return format_euro(value)


@register.filter
def richtext(text):
    """User-written text (Markdown subset) as sanitised HTML: see duoplus.core.richtext."""
    return render_richtext(text)
