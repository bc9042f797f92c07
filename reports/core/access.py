"""The gate of every page and download of a report: the report if the person may see it
(``Report.objects.visible_to``), else a 404 that is audited."""

from typing import Any

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from duoplus.core import audit
from duoplus.core.audit import AuditAction, AuditResult

from .models import Report


def visible_report(request: HttpRequest, pk: Any) -> Report:
    """The report ``pk`` if ``request.user`` may see it; otherwise a 404, audited. Every
    page and download of a report starts here."""
    try:
        return Report.objects.visible_to(request.user).select_related("organisation").get(pk=pk)
    except Report.DoesNotExist:
        audit.refusal(
            AuditAction.REPORT_VIEW,
            request=request,
            result=AuditResult.NOT_FOUND,
            object_type="reports.report",
            object_id=str(pk)[:60],
        )
        raise Http404(_("Deze rapportage bestaat niet of u heeft er geen toegang toe.")) from None
