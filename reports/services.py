"""State-changing actions on reports and entries (workflow transitions live in workflow.py)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus import audit
from programmes.models import Programme

from . import policy
from .models import EntryRevision, PDFStatus, ProgressEntry, Report, ReportPDF, ReportStatus


class EditConflict(Exception):
    """Someone else saved the entry after this person opened it."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


ENTRY_FIELDS = ("progress", "status")


def save_entry(*, entry, user, data, version, ip=None):
    """Save an entry's fields if nobody saved it since ``version`` (optimistic locking).

    Raises PermissionDenied when ``user`` may not edit it (including when the report has
    left concept) and EditConflict, carrying the current saved entry, when the version moved.
    """
    with audit.denials_recorded("entry.save", actor=user, obj=entry, ip=ip), transaction.atomic():
        locked = (
            ProgressEntry.objects.select_for_update()
            .select_related("report", "programme")
            .get(pk=entry.pk)
        )
        if not policy.can_edit_entry(user, locked):
            if locked.report.status != ReportStatus.CONCEPT:
                raise PermissionDenied(
                    _("Deze rapportage is ingediend; de teksten kunnen niet meer worden gewijzigd.")
                )
            raise PermissionDenied(_("U mag deze voortgangstekst niet wijzigen."))
        if locked.version != version:
            raise EditConflict(locked)
        values = {name: data[name] for name in ENTRY_FIELDS}
        ProgressEntry.objects.filter(pk=locked.pk).update(
            **values, version=F("version") + 1, updated_by=user, updated_at=timezone.now()
        )
        locked.refresh_from_db()
        EntryRevision.objects.create(
            entry=locked,
            version=locked.version,
            progress=locked.progress,
            status=locked.status,
            saved_by=user,
        )
        audit.record("entry.save", actor=user, obj=locked, ip=ip, version=locked.version)
    return locked


def create_report(
    *,
    organisation,
    title,
    kind,
    year,
    period_start,
    period_end,
    recipients,
    purpose,
    programmes=None,
    deadline=None,
    user=None,
):
    """A new concept report with one entry per (active) programme of ``organisation``.

    Each entry starts from the text of the same programme's entry in the latest earlier
    report of the organisation.
    """
    if period_end < period_start:
        raise ValidationError(_("Het einde van de periode ligt vóór het begin."))
    with transaction.atomic():
        report = Report.objects.create(
            organisation=organisation,
            title=title,
            kind=kind,
            year=year,
            period_start=period_start,
            period_end=period_end,
            purpose=purpose,
            deadline=deadline,
        )
        report.recipients.set(recipients)
        if programmes is None:
            programmes = Programme.objects.active().filter(organisation=organisation)
        previous = {
            e.programme_id: e
            for e in ProgressEntry.objects.filter(
                report__organisation=organisation, report__period_end__lt=period_start
            ).order_by("report__period_end", "report_id")
        }
        ProgressEntry.objects.bulk_create(
            ProgressEntry(
                report=report,
                programme=programme,
                progress=getattr(previous.get(programme.pk), "progress", ""),
            )
            for programme in programmes
        )
        audit.record("report.create", actor=user, obj=report)
    return report


def queue_pdf_renders(report):
    """Queue, on commit, the rendering of every council PDF of the report's current version
    that is not ready yet. The task is idempotent, so queueing twice does no harm."""
    from .tasks import render_council_pdf

    ready = set(
        ReportPDF.objects.ready().filter(report=report).values_list("council_id", flat=True)
    )
    for council in report.recipients.exclude(pk__in=ready):
        ReportPDF.objects.get_or_create(
            report=report,
            report_version=report.version,
            council=council,
            defaults={"status": PDFStatus.QUEUED},
        )
        transaction.on_commit(
            lambda pk=report.pk, v=report.version, c=council.pk: render_council_pdf.delay(pk, v, c)
        )
