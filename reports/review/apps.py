from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewConfig(AppConfig):
    """Review and publication: submit, approve, send back, publish, correct; the frozen
    content and the council PDFs."""

    name = "reports.review"
    label = "review"
    verbose_name = _("Beoordeling en publicatie")

    def ready(self):
        # Register council PDFs with the document store, workflow mails with the outbox.
        from . import notifications, rendering  # noqa: F401
