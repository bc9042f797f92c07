"""State-changing actions while a report is written: making a report, saving entries (with
optimistic locking and a revision per save), restoring a version, the covering letter.

Reminders are in ``reminders.py``, the copy for a correction in ``copy.py``."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus.core import audit, richtext
from duoplus.core.audit import AuditAction
from duoplus.core.changes import report_content_changed
from duoplus.core.models import Organisation
from programmes.models import Indicator, Programme
from reports.core.models import LETTER_FIELDS, LETTER_LINES, Report

from . import policy
from .models import (
    ENTRY_FIELDS,
    MAX_INDICATOR_LENGTH,
    MAX_TEXT_LENGTH,
    STATUS_FIELDS,
    TEXT_FIELDS,
    EntryRevision,
    EntryState,
    IndicatorValue,
    ProgressEntry,
    RealisationStatus,
    missing_parts,
)


class EditConflict(Exception):
    """Someone else saved the entry after this person opened it."""

    def __init__(self, current: ProgressEntry) -> None:
        super().__init__("edit conflict")
        self.current = current


def _check_can_edit(user: Any, entry: ProgressEntry) -> None:
    if not policy.can_edit_entry(user=user, entry=entry):
        if entry.report.is_frozen:
            raise PermissionDenied(
                _("Deze rapportage is ingediend; de teksten kunnen niet meer worden gewijzigd.")
            )
        raise PermissionDenied(_("U mag deze voortgangstekst niet wijzigen."))


def _too_long() -> ValidationError:
    return ValidationError(
        _("Een tekst mag hoogstens %(max)s tekens lang zijn.") % {"max": MAX_TEXT_LENGTH}
    )


def _clean_values(data: Mapping[str, Any]) -> dict[str, str]:
    values = {name: richtext.clean_source(data.get(name, "")) for name in TEXT_FIELDS}
    if any(len(value) > MAX_TEXT_LENGTH for value in values.values()):
        raise _too_long()
    valid = {"", *RealisationStatus.values}
    for name in STATUS_FIELDS:
        values[name] = data.get(name) or ""
        if values[name] not in valid:
            raise ValidationError(_("Kies een geldige status."))
    return values


@audit.refusals_recorded(AuditAction.ENTRY_SAVE, obj="entry")
def save_entry(
    *,
    entry: ProgressEntry,
    user: Any,
    data: Mapping[str, Any],
    version: int,
    ready: bool = False,
    ip: str | None = None,
    restored_from: int | None = None,
) -> ProgressEntry:
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
    with transaction.atomic():
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
        detail: dict[str, Any] = {"version": locked.version, "state": state}
        if restored_from:
            detail["restored_from"] = restored_from
        audit.record(
            AuditAction.ENTRY_RESTORE if restored_from else AuditAction.ENTRY_SAVE,
            actor=user,
            obj=locked,
            ip=ip,
            **detail,
        )
    return locked


def _save_indicators(entry: ProgressEntry, submitted: Mapping[Any, Any] | None) -> dict[str, str]:
    """Store the values given for the programme's indicators; return the full snapshot
    ({indicator id as text: value}) for the revision. Other ids are ignored."""
    current = {v.indicator_id: v for v in entry.indicator_values.all()}
    snapshot: dict[str, str] = {}
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


def restore_revision(
    *, entry: ProgressEntry, user: Any, revision_version: int, version: int, ip: str | None = None
) -> ProgressEntry:
    """Make an earlier version the current text again, as a new version (nothing is lost:
    the version it replaces stays in the history). The entry goes back to "in bewerking"."""
    try:
        revision = entry.revisions.get(version=revision_version)
    except EntryRevision.DoesNotExist:
        raise ValidationError(_("Deze versie bestaat niet.")) from None
    data: dict[str, Any] = {name: getattr(revision, name) for name in ENTRY_FIELDS}
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


def create_report(
    *,
    organisation: Organisation,
    title: str,
    kind: str,
    year: int,
    period_start: datetime.date,
    period_end: datetime.date,
    recipients: Iterable[Organisation],
    purpose: str,
    programmes: Iterable[Programme] | None = None,
    deadline: datetime.date | None = None,
    user: Any = None,
) -> Report:
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
        )
        report.recipients.set(list(recipients))
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
        report_content_changed([report.pk])
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
        audit.record(AuditAction.REPORT_CREATE, actor=user, obj=report)
    return report


@audit.refusals_recorded(AuditAction.REPORT_LETTER, obj="report")
def save_letter(
    *, report: Report, user: Any, data: Mapping[str, Any], ip: str | None = None
) -> Report:
    """The coordinator writes the covering letter (raadsinformatiebrief) of a concept report.
    Texts are cleaned like entry texts; nothing is stored when one of them is refused."""
    values = {name: richtext.clean_source(data[name]) for name in LETTER_FIELDS if name in data}
    if any(len(value) > MAX_TEXT_LENGTH for value in values.values()):
        raise _too_long()
    for name in LETTER_LINES:
        if name in data:
            field = Report._meta.get_field(name)
            assert isinstance(field, models.CharField) and field.max_length
            line = (data[name] or "").strip()
            if not richtext.is_single_line(line) or len(line) > field.max_length:
                raise ValidationError(
                    _("%(field)s: gebruik één korte regel, zonder tabs of regeleinden.")
                    % {"field": field.verbose_name}
                )
            values[name] = line
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        if not policy.can_edit_letter(user=user, report=report):
            if report.is_frozen:
                raise PermissionDenied(
                    _("Deze rapportage is ingediend; de brief kan niet meer worden gewijzigd.")
                )
            raise PermissionDenied(_("U mag de brief bij deze rapportage niet wijzigen."))
        changed = [name for name in values if getattr(report, name) != values[name]]
        for name in changed:
            setattr(report, name, values[name])
        if changed:
            report.save(update_fields=changed)
            audit.record(
                AuditAction.REPORT_LETTER, actor=user, obj=report, ip=ip, fields=",".join(changed)
            )
    return report
