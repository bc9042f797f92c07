"""Who may do what while a report is written. The only place that decides it: services,
views, admin and templates ask here."""

from typing import Any

from duoplus.core import roles
from duoplus.core.models import Organisation, Role
from reports.core.models import Report

from .models import ProgressEntry


def is_coordinator(*, user: Any, report: Report) -> bool:
    """Whether ``user`` coordinates ``report``: a coordinator of the organisation that
    makes it."""
    return roles.has_role(user, Role.COORDINATOR, report.organisation_id)


def can_edit_entry(*, user: Any, entry: ProgressEntry) -> bool:
    """Editors assigned to the programme and coordinators, only while the report is concept."""
    report = entry.report
    if report.is_frozen:
        return False
    if is_coordinator(user=user, report=report):
        return True
    return roles.has_role(user, Role.EDITOR, report.organisation_id) and (
        entry.programme.editors.filter(pk=user.pk).exists()
    )


def can_edit_entries(*, user: Any, report: Report) -> bool:
    """Whether the report page offers editing at all (each entry is checked on its own)."""
    return report.is_concept and (
        is_coordinator(user=user, report=report)
        or roles.has_role(user, Role.EDITOR, report.organisation_id)
    )


def can_remind(*, user: Any, report: Report) -> bool:
    """The coordinator chases the editors of a concept report."""
    return report.is_concept and is_coordinator(user=user, report=report)


def can_edit_letter(*, user: Any, report: Report) -> bool:
    """The covering letter (raadsinformatiebrief) is the coordinator's, while concept."""
    return report.is_concept and is_coordinator(user=user, report=report)


def can_view_history(*, user: Any, report: Report) -> bool:
    """Versions and their diffs are internal: staff and board members of the executing or a
    receiving organisation, never council members."""
    return report.is_read_internally_by(user)


def reading_council(*, user: Any, report: Report) -> Organisation | None:
    """The receiving council whose variant ``user`` reads, when they read the report as a
    council member (not as staff or board of an organisation involved); else None."""
    internal = roles.internal_organisation_ids(user)
    recipients = list(report.recipients.all())
    if report.organisation_id in internal or any(o.pk in internal for o in recipients):
        return None
    mine = roles.council_organisation_ids(user)
    return next((o for o in recipients if o.pk in mine), None)


def editable_entry_ids(*, user: Any, report: Report) -> set[int]:
    """The entries of ``report`` that ``user`` may edit now (the rule of can_edit_entry, for
    a whole report in one query): what the report page offers "Tekst bewerken" on."""
    if report.is_frozen:
        return set()
    entries = ProgressEntry.objects.filter(report=report)
    if not is_coordinator(user=user, report=report):
        if not roles.has_role(user, Role.EDITOR, report.organisation_id):
            return set()
        entries = entries.filter(programme__editors=user)
    return set(entries.values_list("pk", flat=True))
