"""Walking a report through the workflow in tests.

Inside a test's transaction the renders queued at submission (on commit) never run, so
``submit`` renders the council PDFs in-process right after submitting, as a worker would:
real WeasyPrint files with their checksums, which the approvals then record."""

from reports.core.models import Report
from reports.review import pdfs, workflow


def submit(report, user, **kwargs):
    workflow.submit_report(report=report, user=user, **kwargs, unfinished_accepted=True)
    pdfs.render_pdfs_now(report=report)
    return Report.objects.get(pk=report.pk)
