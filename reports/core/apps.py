from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportCoreConfig(AppConfig):
    """The report core: the report, who may see it and who reads it internally."""

    name = "reports.core"
    label = "reports"
    verbose_name = _("Rapportages")
