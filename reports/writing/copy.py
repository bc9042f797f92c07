"""The copy of a report that a correction starts from: every field of the report, its
entries and their indicator values is either copied or deliberately left out, in the lists
below; a test fails when a field is added to one of these models and to neither list.

The budget lines of the report are copied beside it, by ``budget.copy``."""

from typing import Any

from django.db import models, transaction

from duoplus.core import audit
from duoplus.core.audit import AuditAction
from reports.core.models import Report

from .models import EntryRevision, IndicatorValue, ProgressEntry

# Report: what a correction carries over unchanged, and what it does not (and why).
REPORT_COPIED = (
    "organisation",
    "title",
    "kind",
    "year",
    "period_start",
    "period_end",
    "purpose",
    "recipients",
    "letter_reason",
    "letter_summary",
    "letter_risks",
    "letter_decision",
    "letter_contact",
)
REPORT_NOT_COPIED = {
    "id": "a new row",
    "version": "the next version",
    "supersedes": "the version it corrects",
    "status": "a correction starts in concept",
    "submission": "not yet submitted",
    "deadline": "no entry deadline: the coordinator corrects, nobody is chased",
    "created_at": "set when made",
    "submitted_at": "not yet submitted",
    "approved_at": "not yet approved",
    "published_at": "not yet published",
    "is_public": "decided again when the correction is published",
    "letter_reference": "a corrected letter is a new letter: its own kenmerk",
    "correction_note": "what this correction changes is written anew",
}
# The state too: a chapter that was "klaar" stays klaar (a correction usually fixes one
# passage; the coordinator should not have to mark every other chapter ready again).
ENTRY_COPIED = (
    "programme",
    "ambition",
    "progress",
    "costs",
    "status",
    "budget_status",
    "state",
)
ENTRY_NOT_COPIED = {
    "id": "a new row",
    "report": "the new version",
    "version": "its history starts at version 0",
    "updated_at": "set when made",
    "updated_by": "who starts the correction",
}
INDICATOR_VALUE_COPIED = ("indicator", "value")
INDICATOR_VALUE_NOT_COPIED = {"id": "a new row", "entry": "the new entry"}


def field_names(model: type[models.Model]) -> set[str]:
    """The model's own fields (columns and many-to-many), not relations pointing at it."""
    return {
        field.name
        for field in model._meta.get_fields()
        if field.concrete or (field.many_to_many and not field.auto_created)
    }


def copied_values(instance: models.Model, names: tuple[str, ...]) -> dict[str, Any]:
    """The values of ``names`` (its own columns; many-to-many fields are set apart)."""
    return {
        name: getattr(instance, name)
        for name in names
        if not instance._meta.get_field(name).many_to_many
    }


def copy_report(*, report: Report, user: Any = None) -> Report:
    """A concept copy of ``report`` as its next version, superseding it: the fields in
    REPORT_COPIED, every entry (ENTRY_COPIED, history starting at version 0) with its
    indicator values. Call it inside the correcting transaction."""
    with transaction.atomic():
        copy = Report.objects.create(
            **copied_values(report, REPORT_COPIED),
            version=report.version + 1,
            supersedes=report,
        )
        copy.recipients.set(report.recipients.all())
        for entry in report.entries.prefetch_related("indicator_values"):
            values = list(entry.indicator_values.all())
            new = ProgressEntry.objects.create(
                **copied_values(entry, ENTRY_COPIED),
                report=copy,
                version=0,
                updated_by=user,
            )
            IndicatorValue.objects.bulk_create(
                IndicatorValue(**copied_values(value, INDICATOR_VALUE_COPIED), entry=new)
                for value in values
            )
            EntryRevision.objects.create(
                entry=new,
                version=0,
                **{name: getattr(new, name) for name in ENTRY_COPIED if name != "programme"},
                indicators={str(v.indicator_id): v.value for v in values if v.value},
            )
        audit.record(AuditAction.REPORT_CREATE, actor=user, obj=copy, version=copy.version)
    return copy
