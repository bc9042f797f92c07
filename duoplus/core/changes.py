"""Telling whoever keeps derived data (the search index) that reports' content changed
where no model signal says so: bulk inserts and updates. Ordinary saves and deletes send
Django's own signals."""

from collections.abc import Iterable

from django.dispatch import Signal

# Sent with report_ids: the reports whose content changed.
content_changed = Signal()


def report_content_changed(report_ids: Iterable[int]) -> None:
    content_changed.send(sender=None, report_ids=list(report_ids))
