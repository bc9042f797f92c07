"""Entries in templates: the programmes' statuses at a glance."""

from django import template

from reports.writing.charts import status_chart as chart

register = template.Library()


@register.simple_tag
def status_chart(chapters):
    """The programmes' statuses at a glance (reports.writing.charts), from the numbered
    chapters of a document."""
    return chart(chapter["entry"] for chapter in chapters)
