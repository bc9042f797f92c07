"""Who may do what in review and publication. The only place that decides it: workflow,
views, admin and templates ask here."""

from typing import Any

from django.db.models import QuerySet

from duoplus.core import roles
from duoplus.core.models import Organisation, Role
from reports.core.models import Report, ReportStatus
from reports.writing.policy import is_coordinator


def can_submit(*, user: Any, report: Report) -> bool:
    return report.is_concept and is_coordinator(user=user, report=report)


def can_publish(*, user: Any, report: Report) -> bool:
    return report.status == ReportStatus.APPROVED and is_coordinator(user=user, report=report)


def public_by_default(*, report: Report) -> bool:
    """What publishing proposes: public when the executing organisation publishes openly
    by default, or when the version this one corrects was public."""
    if report.organisation.publishes_openly:
        return True
    corrected = report.supersedes
    return corrected is not None and corrected.is_public


def can_correct(*, user: Any, report: Report) -> bool:
    """The coordinator starts a corrected version of a published report, once: not when a
    newer version exists already."""
    return (
        report.status == ReportStatus.PUBLISHED
        and is_coordinator(user=user, report=report)
        and not Report.objects.filter(supersedes=report).exists()
    )


def required_organisations(*, report: Report) -> QuerySet[Organisation]:
    """Organisations whose consent the report needs: the executing organisation and every
    receiving municipality that has at least one active board member (data, not code)."""
    ids = {report.organisation_id, *report.recipients.values_list("pk", flat=True)}
    return Organisation.objects.filter(
        pk__in=ids, memberships__role=Role.BOARD, memberships__user__is_active=True
    ).distinct()


def approving_organisations(*, user: Any, report: Report) -> list[Organisation]:
    """The organisations on whose behalf ``user`` may approve ``report`` now."""
    if report.status != ReportStatus.SUBMITTED:
        return []
    mine = roles.organisation_ids(user, Role.BOARD)
    return [org for org in required_organisations(report=report) if org.pk in mine]


def can_review(*, user: Any, report: Report) -> bool:
    """Board members of a required organisation may approve or send back a submitted report."""
    return bool(approving_organisations(user=user, report=report))


def can_rerender(*, user: Any, report: Report) -> bool:
    """The coordinator follows the rendering of the council PDFs from submission on and has a
    failed one made again."""
    return report.is_frozen and is_coordinator(user=user, report=report)


def sees_review(*, user: Any, council: Organisation | None) -> bool:
    """Approvals, the history (with send-back reasons) and the PDFs' states are internal:
    shown to those who work on reports, not to someone reading as a council member."""
    return council is None and roles.is_internal(user)
