"""State-changing actions on the council PDFs: queueing the renders at submission (and for
"opnieuw maken" and the nightly check), rendering them in-process for the demo, discarding
them on a send-back, and the checksums an approval records."""

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus.core import audit, queue
from duoplus.core.audit import AuditAction
from duoplus.core.models import Organisation
from reports.writing.models import Report, ReportStatus

from . import policy
from .models import PDFStatus, ReportPDF
from .rendering import pdf_storage
from .tasks import render_council_pdf

logger = logging.getLogger(__name__)

FROZEN_STATES = (ReportStatus.SUBMITTED, ReportStatus.APPROVED, ReportStatus.PUBLISHED)


def queue_pdf_renders(*, report: Report) -> list[Organisation]:
    """Queue, on commit, every council PDF of the report's current version and submission
    that is not ready (at submission, by the daily check, and "opnieuw maken"). Returns the
    councils queued. The task is idempotent, so queueing twice does no harm."""
    storage = pdf_storage()
    existing = {
        pdf.council_id: pdf
        for pdf in ReportPDF.objects.filter(
            report=report, report_version=report.version, submission=report.submission
        )
    }
    queued = []
    for council in report.recipients.all():
        pdf = existing.get(council.pk)
        if (
            pdf is not None
            and pdf.status == PDFStatus.READY
            and storage.exists(pdf.file.name or "")
        ):
            continue
        if pdf is None:
            ReportPDF.objects.create(
                report=report,
                report_version=report.version,
                submission=report.submission,
                council=council,
                status=PDFStatus.QUEUED,
            )
        else:
            ReportPDF.objects.filter(pk=pdf.pk).update(
                status=PDFStatus.QUEUED, error="", status_changed_at=timezone.now()
            )
        queue.after_commit(render_council_pdf, report.pk, report.submission, council.pk)
        queued.append(council)
    return queued


def render_pdfs_now(*, report: Report) -> None:
    """Render the report's queued PDFs in this process, one after the other (demo data and
    tests; the workflow itself always goes through the queue)."""
    report = Report.objects.get(pk=report.pk)
    pending = ReportPDF.objects.current().filter(report=report).exclude(status=PDFStatus.READY)
    for council_id in pending.values_list("council_id", flat=True):
        render_council_pdf.apply(args=(report.pk, report.submission, council_id), throw=True)


def discard_pdfs(*, report: Report) -> None:
    """A report sent back to concept: its renders are not what will be published. Rows go
    now; files once the transaction has committed."""
    pdfs = ReportPDF.objects.filter(report=report)
    names = [name for name in pdfs.values_list("file", flat=True) if name]
    pdfs.delete()
    storage = pdf_storage()

    def delete_files() -> None:
        for name in names:
            storage.delete(name)

    transaction.on_commit(delete_files)


def current_pdf_checksums(*, report: Report) -> dict[str, str]:
    """{council slug: SHA-256} of the report's rendered PDFs, every recipient's file ready;
    otherwise a ValidationError that says which are missing. What an approval records."""
    ready = {
        pdf.council_id: pdf.sha256
        for pdf in ReportPDF.objects.ready().filter(report=report).only("council_id", "sha256")
    }
    recipients = list(report.recipients.all())
    missing = [council.name for council in recipients if council.pk not in ready]
    if missing:
        raise ValidationError(
            _(
                "De pdf’s voor de raden zijn nog niet allemaal klaar (nog niet: %(missing)s). "
                "U kunt goedkeuren zodra ze klaar zijn: u keurt precies de bestanden goed die "
                "de raden krijgen."
            )
            % {"missing": ", ".join(missing)}
        )
    return {council.slug: ready[council.pk] for council in recipients}


@audit.refusals_recorded(AuditAction.PDF_RERENDER, obj="report")
def rerender_pdf(
    *, report: Report, council: Organisation, user: Any, ip: str | None = None
) -> None:
    """The coordinator has a PDF that failed (or got stuck) rendered again. A ready file is
    never replaced: it may have been approved."""
    with transaction.atomic():
        if not policy.can_rerender(user=user, report=report):
            raise PermissionDenied(
                _("U mag de pdf’s van deze rapportage niet opnieuw laten maken.")
            )
        report = Report.objects.select_for_update().get(pk=report.pk)
        pdf = ReportPDF.objects.current().filter(report=report, council=council).first()
        if pdf is None or pdf.status == PDFStatus.READY:
            raise ValidationError(_("Deze pdf is klaar; hij wordt niet opnieuw gemaakt."))
        queue_pdf_renders(report=report)
        audit.record(AuditAction.PDF_RERENDER, actor=user, obj=report, ip=ip, council=council.slug)


def check_published_pdfs() -> int:
    """Beat, daily: every published report has all its PDFs; render what is missing (a lost
    file or a render that never finished). Returns the number of files queued."""
    queued = 0
    for report in Report.objects.filter(status=ReportStatus.PUBLISHED).prefetch_related(
        "recipients"
    ):
        with transaction.atomic():
            queued += len(queue_pdf_renders(report=report))
    return queued


def sweep_pdfs(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Beat, every SWEEP_SECONDS: nothing waits for ever. Every PDF of a submitted, approved
    or published report that has been queued or in the making for longer than
    PDF_STUCK_SECONDS (its job was lost: a broker restart, a database away for longer than
    the task's retries) or is marked ready without a file is queued again; files that no row
    points to (a render whose row could not be written) are removed once they are that old.
    Returns {"requeued": n, "orphans": m}."""
    now = now or timezone.now()
    before = now - datetime.timedelta(seconds=settings.PDF_STUCK_SECONDS)
    stuck = (
        ReportPDF.objects.current()
        .filter(report__status__in=FROZEN_STATES)
        .filter(
            Q(status__in=(PDFStatus.QUEUED, PDFStatus.RENDERING), status_changed_at__lt=before)
            | Q(status=PDFStatus.READY, file="")
        )
    )
    requeued = 0
    for pdf in stuck.only("pk", "report_id", "submission", "council_id", "status_changed_at"):
        with transaction.atomic():
            claimed = ReportPDF.objects.filter(
                pk=pdf.pk, status_changed_at=pdf.status_changed_at
            ).update(status=PDFStatus.QUEUED, status_changed_at=now, error="")
            if claimed:
                logger.warning("pdf %s was stuck; queued again", pdf.pk)
                queue.after_commit(
                    render_council_pdf, pdf.report_id, pdf.submission, pdf.council_id
                )
                requeued += 1
    return {"requeued": requeued, "orphans": _remove_orphans(before=before)}


def _remove_orphans(*, before: datetime.datetime) -> int:
    storage = pdf_storage()
    known = set(ReportPDF.objects.exclude(file="").values_list("file", flat=True))
    removed = 0
    for name in _files(storage, "reports"):
        if name in known:
            continue
        try:
            if storage.get_modified_time(name) >= before:
                continue  # just written: its row may be about to say so
        except (NotImplementedError, OSError):
            continue
        storage.delete(name)
        logger.warning("pdf file %s had no row; removed", name)
        removed += 1
    return removed


def _files(storage: Any, folder: str) -> list[str]:
    try:
        folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError, OSError):
        return []
    found = [f"{folder}/{name}" for name in files]
    for sub in folders:
        found += _files(storage, f"{folder}/{sub}")
    return found
