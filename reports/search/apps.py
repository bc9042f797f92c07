from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Zoeken: one index of everything a report holds (titles, letters, programme texts,
    goals, budget changes, zienswijzen, questions and answers), kept current on save."""

    name = "reports.search"
    label = "search"
    verbose_name = _("Zoeken")

    def ready(self):
        from . import index

        index.connect()
