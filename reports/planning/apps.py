from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    """The P&C calendar: rounds, their messages and the personal iCalendar feed."""

    name = "reports.planning"
    label = "planning"
    verbose_name = _("P&C-kalender")

    def ready(self):
        from . import notices  # noqa: F401  (registers its kind of message with the outbox)
