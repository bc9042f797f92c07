"""Walking a report through the workflow in tests.

Inside a test's transaction the renders queued at submission (on commit) never run, so
``submit`` renders the council PDFs in-process right after submitting, as a worker would:
real WeasyPrint files with their checksums, which the approvals then record."""

from reports import services, workflow
from reports.models import Report


def submit(report, user, **kwargs):
    workflow.submit_report(report=report, user=user, **kwargs)
    services.render_pdfs_now(report)
    return Report.objects.get(pk=report.pk)
