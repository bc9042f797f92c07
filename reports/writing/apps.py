from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WritingConfig(AppConfig):
    """Writing reports: reports, their entries, every version, reminders and the editor."""

    name = "reports.writing"
    label = "writing"
    verbose_name = _("Rapportages en teksten")

    def ready(self):
        from . import reminders  # noqa: F401  (registers its kind of message with the outbox)
