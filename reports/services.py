"""State-changing actions on reports and entries (workflow transitions live in workflow.py)."""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus import audit, richtext
from programmes.models import Indicator, Programme

from . import policy
from .models import (
    EntryReminder,
    EntryRevision,
    EntryState,
    IndicatorValue,
    PDFStatus,
    ProgressEntry,
    RealisationStatus,
    ReminderKind,
    Report,
    ReportPDF,
    ReportStatus,
    missing_parts,
)


class EditConflict(Exception):
    """Someone else saved the entry after this person opened it."""

    def __init__(self, current):
        super().__init__("edit conflict")
        self.current = current


TEXT_FIELDS = ("ambition", "progress", "costs")
STATUS_FIELDS = ("status", "budget_status")
ENTRY_FIELDS = (*TEXT_FIELDS, *STATUS_FIELDS)
MAX_TEXT_LENGTH = 100_000
MAX_INDICATOR_LENGTH = 200


def _check_can_edit(user, entry):
    if not policy.can_edit_entry(user, entry):
        if entry.report.status != ReportStatus.CONCEPT:
            raise PermissionDenied(
                _("Deze rapportage is ingediend; de teksten kunnen niet meer worden gewijzigd.")
            )
        raise PermissionDenied(_("U mag deze voortgangstekst niet wijzigen."))


def _clean_values(data):
    values = {name: richtext.clean_source(data.get(name, "")) for name in TEXT_FIELDS}
    for name in TEXT_FIELDS:
        if len(values[name]) > MAX_TEXT_LENGTH:
            raise ValidationError(
                _("Een tekst mag hoogstens %(max)s tekens lang zijn.") % {"max": MAX_TEXT_LENGTH}
            )
    valid = {"", *RealisationStatus.values}
    for name in STATUS_FIELDS:
        values[name] = data.get(name) or ""
        if values[name] not in valid:
            raise ValidationError(_("Kies een geldige status."))
    return values


def save_entry(*, entry, user, data, version, ready=False, ip=None, restored_from=None):
    """Save an entry's texts, statuses and indicator values if nobody saved it since
    ``version`` (optimistic locking), and keep the result as a new revision.

    ``data`` holds the ENTRY_FIELDS and optionally ``indicators`` ({indicator id: value}).
    ``ready`` hands the entry to the coordinator; it needs every required part filled in.
    Raises PermissionDenied when ``user`` may not edit it (including when the report has
    left concept), EditConflict (carrying the current saved entry) when the version moved,
    and ValidationError for invalid values.
    """
    values = _clean_values(data)
    if ready and (missing := missing_parts(values)):
        raise ValidationError(
            _("De tekst kan nog niet klaar worden gemeld. Vul eerst in: %(parts)s.")
            % {"parts": ", ".join(missing)}
        )
    with audit.denials_recorded("entry.save", actor=user, obj=entry, ip=ip), transaction.atomic():
        locked = (
            ProgressEntry.objects.select_for_update()
            .select_related("report", "programme")
            .get(pk=entry.pk)
        )
        _check_can_edit(user, locked)
        if locked.version != version:
            raise EditConflict(locked)
        state = EntryState.READY if ready else EntryState.DRAFT
        ProgressEntry.objects.filter(pk=locked.pk).update(
            **values,
            state=state,
            version=F("version") + 1,
            updated_by=user,
            updated_at=timezone.now(),
        )
        locked.refresh_from_db()
        indicators = _save_indicators(locked, data.get("indicators"))
        EntryRevision.objects.create(
            entry=locked,
            version=locked.version,
            **values,
            state=state,
            indicators=indicators,
            restored_from=restored_from,
            saved_by=user,
        )
        audit.record(
            "entry.restore" if restored_from else "entry.save",
            actor=user,
            obj=locked,
            ip=ip,
            version=locked.version,
            state=state,
            **({"restored_from": restored_from} if restored_from else {}),
        )
    return locked


def _save_indicators(entry, submitted):
    """Store the values given for the programme's indicators; return the full snapshot
    ({indicator id as text: value}) for the revision. Other ids are ignored."""
    current = {v.indicator_id: v for v in entry.indicator_values.all()}
    snapshot = {}
    for indicator in Indicator.objects.filter(programme_id=entry.programme_id):
        if submitted is not None and (indicator.pk in submitted or str(indicator.pk) in submitted):
            raw = submitted.get(indicator.pk, submitted.get(str(indicator.pk)))
            value = richtext.clean_source(str(raw or "")).strip()
            if len(value) > MAX_INDICATOR_LENGTH:
                raise ValidationError(
                    _("De waarde van een indicator mag hoogstens %(max)s tekens lang zijn.")
                    % {"max": MAX_INDICATOR_LENGTH}
                )
            existing = current.get(indicator.pk)
            if existing is None:
                if value:
                    current[indicator.pk] = IndicatorValue.objects.create(
                        entry=entry, indicator=indicator, value=value
                    )
            elif existing.value != value:
                existing.value = value
                existing.save(update_fields=["value"])
        if indicator.pk in current and current[indicator.pk].value:
            snapshot[str(indicator.pk)] = current[indicator.pk].value
    return snapshot


def restore_revision(*, entry, user, revision_version, version, ip=None):
    """Make an earlier version the current text again, as a new version (nothing is lost:
    the version it replaces stays in the history). The entry goes back to "in bewerking"."""
    try:
        revision = entry.revisions.get(version=revision_version)
    except EntryRevision.DoesNotExist:
        raise ValidationError(_("Deze versie bestaat niet.")) from None
    data = {name: getattr(revision, name) for name in ENTRY_FIELDS}
    data["indicators"] = {
        i.pk: revision.indicators.get(str(i.pk), "")
        for i in Indicator.objects.filter(programme_id=entry.programme_id)
    }
    return save_entry(
        entry=entry,
        user=user,
        data=data,
        version=version,
        ip=ip,
        restored_from=revision.version,
    )


def remind_entries(*, report, user, entries=None, ip=None):
    """The coordinator reminds the editors of entries that are not ready (all of them, or
    the ``entries`` given). E-mails go out through Celery once the transaction commits.

    Returns (reminders, entries without an editor to remind).
    """
    with (
        audit.denials_recorded("entry.remind", actor=user, obj=report, ip=ip),
        transaction.atomic(),
    ):
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not policy.can_remind(user, report):
            if report.status != ReportStatus.CONCEPT:
                raise PermissionDenied(
                    _("Deze rapportage is ingediend; herinneren is niet meer nodig.")
                )
            raise PermissionDenied(_("Alleen de coördinator van deze rapportage kan herinneren."))
        open_entries = (
            report.entries.exclude(state=EntryState.READY)
            .select_related("programme")
            .prefetch_related("programme__editors")
        )
        if entries is not None:
            open_entries = open_entries.filter(pk__in=[getattr(e, "pk", e) for e in entries])
        reminders, orphans = [], []
        for entry in open_entries:
            editors = [u for u in entry.programme.editors.all() if u.is_active]
            if not editors:
                orphans.append(entry)
            for editor in editors:
                reminders.append(
                    EntryReminder.objects.create(
                        entry=entry,
                        recipient=editor,
                        kind=ReminderKind.MANUAL,
                        deadline=report.deadline,
                        sent_by=user,
                    )
                )
        audit.record("entry.remind", actor=user, obj=report, ip=ip, reminders=len(reminders))
        _queue_reminders(reminders)
    return reminders, orphans


def send_due_reminders(today=None):
    """Remind, once per deadline, every editor whose entry is not ready when the deadline
    of a concept report is ENTRY_REMINDER_DAYS_BEFORE days away or closer (a beat that
    fires twice, or a day that was missed, sends nothing twice). Returns the new reminders."""
    today = today or timezone.localdate()
    days = settings.ENTRY_REMINDER_DAYS_BEFORE
    reports = Report.objects.filter(
        status=ReportStatus.CONCEPT,
        deadline__gte=today,
        deadline__lte=today + timedelta(days=days),
    )
    entries = (
        ProgressEntry.objects.filter(report__in=reports)
        .exclude(state=EntryState.READY)
        .select_related("report")
        .prefetch_related("programme__editors")
    )
    reminders = []
    with transaction.atomic():
        for entry in entries:
            for editor in entry.programme.editors.all():
                if not editor.is_active:
                    continue
                reminder, created = EntryReminder.objects.get_or_create(
                    entry=entry,
                    recipient=editor,
                    kind=ReminderKind.AUTOMATIC,
                    deadline=entry.report.deadline,
                )
                if created:
                    reminders.append(reminder)
        _queue_reminders(reminders)
    return reminders


def _queue_reminders(reminders):
    from .tasks import send_entry_reminder

    for reminder in reminders:
        transaction.on_commit(lambda pk=reminder.pk: send_entry_reminder.delay(pk))


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
    reporting_round=None,
):
    """A new concept report with one entry per (active) programme of ``organisation``.

    Each entry starts from the texts (the three questions, not the statuses) of the same
    programme's entry in the latest earlier report of the organisation: the one whose
    period ended last before this one ends (so the second progress report, January to
    August, starts from the first, January to April), its latest version.
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
            reporting_round=reporting_round,
        )
        report.recipients.set(recipients)
        if programmes is None:
            programmes = Programme.objects.active().filter(organisation=organisation)
        previous = {
            e.programme_id: e
            for e in ProgressEntry.objects.filter(
                report__organisation=organisation, report__period_end__lt=period_end
            )
            .exclude(report=report)
            .order_by("report__period_end", "report__version", "report_id")
        }
        ProgressEntry.objects.bulk_create(
            ProgressEntry(
                report=report,
                programme=programme,
                **{name: getattr(previous.get(programme.pk), name, "") for name in TEXT_FIELDS},
            )
            for programme in programmes
        )
        # Version 0 is the starting text, so the history can show what was changed since.
        EntryRevision.objects.bulk_create(
            EntryRevision(
                entry=entry,
                version=0,
                state=EntryState.NOT_STARTED,
                **{name: getattr(entry, name) for name in TEXT_FIELDS},
            )
            for entry in ProgressEntry.objects.filter(report=report)
        )
        audit.record("report.create", actor=user, obj=report)
    return report


def queue_pdf_renders(report):
    """Queue, on commit, every council PDF of the report's current version and review round
    that is not ready (at submission, by the daily check, and "opnieuw maken"). Returns the
    councils queued. The task is idempotent, so queueing twice does no harm."""
    from .tasks import render_council_pdf

    storage = ReportPDF._meta.get_field("file").storage
    existing = {
        pdf.council_id: pdf
        for pdf in ReportPDF.objects.filter(
            report=report, report_version=report.version, review_round=report.review_round
        )
    }
    queued = []
    for council in report.recipients.all():
        pdf = existing.get(council.pk)
        if pdf is not None and pdf.status == PDFStatus.READY and storage.exists(pdf.file.name):
            continue
        if pdf is None:
            ReportPDF.objects.create(
                report=report,
                report_version=report.version,
                review_round=report.review_round,
                council=council,
                status=PDFStatus.QUEUED,
            )
        else:
            ReportPDF.objects.filter(pk=pdf.pk).update(status=PDFStatus.QUEUED, error="")
        transaction.on_commit(
            lambda pk=report.pk, r=report.review_round, c=council.pk: render_council_pdf.delay(
                pk, r, c
            )
        )
        queued.append(council)
    return queued


def render_pdfs_now(report):
    """Render the report's queued PDFs in this process, one after the other (demo data and
    tests; the workflow itself always goes through the queue)."""
    from .tasks import render_council_pdf

    report = Report.objects.get(pk=report.pk)
    pending = ReportPDF.objects.current().filter(report=report).exclude(status=PDFStatus.READY)
    for council_id in pending.values_list("council_id", flat=True):
        render_council_pdf.apply(args=(report.pk, report.review_round, council_id), throw=True)


def discard_pdfs(report):
    """A report sent back to concept: its renders are not what will be published. Rows go
    now; files once the transaction has committed."""
    pdfs = ReportPDF.objects.filter(report=report)
    names = [name for name in pdfs.values_list("file", flat=True) if name]
    pdfs.delete()
    storage = ReportPDF._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def current_pdf_checksums(report):
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


def rerender_pdf(*, report, council, user, ip=None):
    """The coordinator has a PDF that failed (or got stuck) rendered again. A ready file is
    never replaced: it may have been approved."""
    if not policy.can_rerender(user, report):
        audit.record("pdf.rerender", actor=user, obj=report, result="denied", ip=ip)
        raise PermissionDenied(_("U mag de pdf’s van deze rapportage niet opnieuw laten maken."))
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        pdf = ReportPDF.objects.current().filter(report=report, council=council).first()
        if pdf is None or pdf.status == PDFStatus.READY:
            raise ValidationError(_("Deze pdf is klaar; hij wordt niet opnieuw gemaakt."))
        queue_pdf_renders(report)
        audit.record("pdf.rerender", actor=user, obj=report, ip=ip, council=council.slug)


def check_published_pdfs():
    """Beat, daily: every published report has all its PDFs; render what is missing (a lost
    file or a render that never finished). Returns the number of files queued."""
    queued = 0
    for report in Report.objects.filter(status=ReportStatus.PUBLISHED).prefetch_related(
        "recipients"
    ):
        with transaction.atomic():
            queued += len(queue_pdf_renders(report))
    return queued


def copy_report(report, *, user=None):
    """A concept copy of ``report`` as its next version: same metadata and recipients, every
    entry (texts, statuses, indicator values; history starts at version 0) and every budget
    line with its amounts. Used for corrections of a published report."""
    from budget.models import BudgetChange, BudgetChangeAmount

    with transaction.atomic():
        copy = Report.objects.create(
            organisation=report.organisation,
            title=report.title,
            kind=report.kind,
            year=report.year,
            period_start=report.period_start,
            period_end=report.period_end,
            purpose=report.purpose,
            deadline=None,
            version=report.version + 1,
            supersedes=report,
        )
        copy.recipients.set(report.recipients.all())
        entries = list(report.entries.prefetch_related("indicator_values"))
        for entry in entries:
            values = list(entry.indicator_values.all())
            entry.pk = None
            entry.report = copy
            entry.version = 0
            entry.state = EntryState.DRAFT
            entry.updated_by = user
            entry.save()
            IndicatorValue.objects.bulk_create(
                IndicatorValue(entry=entry, indicator_id=v.indicator_id, value=v.value)
                for v in values
            )
            EntryRevision.objects.create(
                entry=entry,
                version=0,
                **{name: getattr(entry, name) for name in ENTRY_FIELDS},
                state=entry.state,
                indicators={str(v.indicator_id): v.value for v in values if v.value},
            )
        for change in BudgetChange.objects.filter(report=report).prefetch_related("amounts"):
            amounts = list(change.amounts.all())
            change.pk = None
            change.report = copy
            change.save()
            for amount in amounts:
                amount.pk = None
                amount.change = change
            BudgetChangeAmount.objects.bulk_create(amounts)
        audit.record("report.create", actor=user, obj=copy, version=copy.version)
    return copy


LETTER_FIELDS = ("letter_reason", "letter_summary", "letter_risks")


def save_letter(*, report, user, data, ip=None):
    """The coordinator writes the covering letter (raadsinformatiebrief) of a concept report.
    Texts are cleaned like entry texts; nothing is stored when one of them is refused."""
    values = {name: richtext.clean_source(data.get(name, "")) for name in LETTER_FIELDS}
    if any(len(value) > MAX_TEXT_LENGTH for value in values.values()):
        raise ValidationError(
            _("Een tekst mag hoogstens %(max)s tekens lang zijn.") % {"max": MAX_TEXT_LENGTH}
        )
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not policy.can_edit_letter(user, report):
            audit.record("report.letter", actor=user, obj=report, result="denied", ip=ip)
            if report.status != ReportStatus.CONCEPT:
                raise PermissionDenied(
                    _("Deze rapportage is ingediend; de brief kan niet meer worden gewijzigd.")
                )
            raise PermissionDenied(_("U mag de brief bij deze rapportage niet wijzigen."))
        changed = [name for name in LETTER_FIELDS if getattr(report, name) != values[name]]
        for name in changed:
            setattr(report, name, values[name])
        if changed:
            report.save(update_fields=changed)
            audit.record("report.letter", actor=user, obj=report, ip=ip, fields=",".join(changed))
    return report
