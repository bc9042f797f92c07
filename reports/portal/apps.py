from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The council portal: the start page, the council's list, reading a report and
    downloading its files."""

    name = "reports.portal"
    label = "portal"
    verbose_name = _("Raadsportaal")
