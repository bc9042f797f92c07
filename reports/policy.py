"""Who may do what with a report. Used by services, views and templates alike."""

from duoplus import roles
from duoplus.models import Organisation, Role

from .models import ReportStatus


def can_edit_entry(user, entry):
    """Editors assigned to the programme and coordinators, only while the report is concept."""
    report = entry.report
    if report.status != ReportStatus.CONCEPT:
        return False
    if roles.has_role(user, Role.COORDINATOR, report.organisation_id):
        return True
    return roles.has_role(user, Role.EDITOR, report.organisation_id) and (
        entry.programme.editors.filter(pk=user.pk).exists()
    )


def can_edit_entries(user, report):
    """Whether the report page offers editing at all (each entry is checked on its own)."""
    return report.status == ReportStatus.CONCEPT and (
        roles.has_role(user, Role.COORDINATOR, report.organisation_id)
        or roles.has_role(user, Role.EDITOR, report.organisation_id)
    )


def can_remind(user, report):
    """The coordinator chases the editors of a concept report."""
    return report.status == ReportStatus.CONCEPT and roles.has_role(
        user, Role.COORDINATOR, report.organisation_id
    )


def can_view_history(user, report):
    """Versions and their diffs are internal: staff and board members of the executing or a
    receiving organisation, never council members."""
    from .models import internal_organisation_ids

    internal = internal_organisation_ids(user)
    if report.organisation_id in internal:
        return True
    return report.recipients.filter(pk__in=internal).exists()


def reading_council(user, report):
    """The receiving council whose variant ``user`` reads, when they read the report as a
    council member (not as staff or board of an organisation involved); else None."""
    from .models import internal_organisation_ids

    internal = internal_organisation_ids(user)
    recipients = list(report.recipients.all())
    if report.organisation_id in internal or any(o.pk in internal for o in recipients):
        return None
    mine = roles.organisation_ids(user, Role.COUNCIL)
    return next((o for o in recipients if o.pk in mine), None)


def sees_internals(user):
    """Approvals and the history (with send-back reasons) are internal: not for councils."""
    return bool(roles.role_names(user) - {Role.COUNCIL})


def can_submit(user, report):
    return report.status == ReportStatus.CONCEPT and roles.has_role(
        user, Role.COORDINATOR, report.organisation_id
    )


def can_publish(user, report):
    return report.status == ReportStatus.APPROVED and roles.has_role(
        user, Role.COORDINATOR, report.organisation_id
    )


def can_correct(user, report):
    """The coordinator starts a corrected version of a published report (once)."""
    return report.status == ReportStatus.PUBLISHED and roles.has_role(
        user, Role.COORDINATOR, report.organisation_id
    )


def required_organisations(report):
    """Organisations whose consent the report needs: the executing organisation and every
    receiving municipality that has at least one active board member (data, not code)."""
    ids = {report.organisation_id, *report.recipients.values_list("pk", flat=True)}
    return Organisation.objects.filter(
        pk__in=ids, memberships__role=Role.BOARD, memberships__user__is_active=True
    ).distinct()


def approving_organisations(user, report):
    """The organisations on whose behalf ``user`` may approve ``report`` now."""
    if report.status != ReportStatus.SUBMITTED:
        return []
    mine = roles.organisation_ids(user, Role.BOARD)
    return [org for org in required_organisations(report) if org.pk in mine]


def can_review(user, report):
    """Board members of a required organisation may approve or send back a submitted report."""
    return bool(approving_organisations(user, report))


def can_rerender(user, report):
    """The coordinator follows the rendering of the council PDFs from submission on and has a
    failed one made again."""
    return report.status != ReportStatus.CONCEPT and roles.has_role(
        user, Role.COORDINATOR, report.organisation_id
    )


def can_edit_letter(user, report):
    """The covering letter (raadsinformatiebrief) is the coordinator's, while concept."""
    return can_submit(user, report)
