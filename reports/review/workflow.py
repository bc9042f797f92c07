"""Report workflow: one function per transition.

Each checks the source state and the actor's right inside one transaction with the report
row locked, writes the transition and the audit event, and queues follow-up work on commit.

    concept ──submit──▶ ingediend ──all required organisations approve──▶ goedgekeurd
       ▲                    │                                                 │
       └──── send back ◀────┘                                              publish
                                                                              ▼
                                                                        gepubliceerd
"""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budget.copy import copy_changes
from duoplus.core import audit
from duoplus.core.audit import AuditAction
from reports.core.models import Purpose, Report, ReportStatus
from reports.writing.copy import copy_report
from reports.writing.selectors import submission_gaps

from . import freeze, generation, notifications, pdfs, policy
from .models import Approval, ReportTransition


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().get(pk=report.pk)


def _deny() -> None:
    raise PermissionDenied(_("U mag deze actie niet uitvoeren op deze rapportage."))


def _expect(report: Report, status: str) -> None:
    if report.status != status:
        raise ValidationError(
            _("Deze actie kan niet: de rapportage heeft de status ‘%(status)s’.")
            % {"status": report.get_status_display()}
        )


def _transition(
    report: Report,
    user: Any,
    to_status: str,
    *,
    action: AuditAction,
    reason: str = "",
    ip: str | None = None,
    **detail: Any,
) -> None:
    """Record the change of status (the report's history) and its audit row, and set it."""
    ReportTransition.objects.create(
        report=report,
        from_status=report.status,
        to_status=to_status,
        actor=user,
        reason=reason,
        ip=ip,
    )
    facts: dict[str, Any] = {"from_status": report.status, "to_status": to_status, **detail}
    if reason:
        facts["reason"] = reason
    audit.record(action, actor=user, obj=report, ip=ip, **facts)
    report.status = to_status


@audit.refusals_recorded(AuditAction.REPORT_SUBMIT, obj="report")
def submit_report(
    *, report: Report, user: Any, ip: str | None = None, unfinished_accepted: bool = False
) -> Report:
    """Coordinator submits a concept report to the directieberaad; content is frozen. With
    anything unfinished (writing.selectors.submission_gaps) only when the coordinator
    deliberately accepted that (``unfinished_accepted``); what was unfinished is recorded."""
    with transaction.atomic():
        report = _locked(report)
        _expect(report, ReportStatus.CONCEPT)
        if not policy.can_submit(user=user, report=report):
            _deny()
        gaps = submission_gaps(report=report)
        if gaps and not unfinished_accepted:
            raise ValidationError(
                ngettext(
                    "Er is nog %(count)d punt niet af. Bevestig dat u toch wilt indienen.",
                    "Er zijn nog %(count)d punten niet af. Bevestig dat u toch wilt indienen.",
                    len(gaps),
                )
                % {"count": len(gaps)}
            )
        _transition(
            report,
            user,
            ReportStatus.SUBMITTED,
            action=AuditAction.REPORT_SUBMIT,
            ip=ip,
            **({"unfinished": " | ".join(gaps)} if gaps else {}),
        )
        report.submission += 1
        report.submitted_at = timezone.now()
        report.save(update_fields=["status", "submission", "submitted_at"])
        freeze.freeze(report=report)
        # The board reviews the very files the councils will get: render them now.
        pdfs.queue_pdf_renders(report=report)
        notifications.notify(kind=notifications.SUBMITTED, report=report, actor=user)
    return report


@audit.refusals_recorded(AuditAction.REPORT_APPROVE, obj="report")
def approve_report(*, report: Report, user: Any, ip: str | None = None) -> Report:
    """A board member consents for their organisation(s). When every required organisation
    has consented in this submission, the report is approved."""
    with transaction.atomic():
        report = _locked(report)
        _expect(report, ReportStatus.SUBMITTED)
        organisations = policy.approving_organisations(user=user, report=report)
        if not organisations:
            _deny()
        done = set(
            Approval.objects.filter(report=report, submission=report.submission).values_list(
                "organisation_id", flat=True
            )
        )
        new = [org for org in organisations if org.pk not in done]
        if not new:
            raise ValidationError(_("U heeft deze rapportage al goedgekeurd."))
        checksums = pdfs.current_pdf_checksums(report=report)
        for org in new:
            Approval.objects.create(
                report=report,
                organisation=org,
                user=user,
                submission=report.submission,
                pdf_checksums=checksums,
            )
            done.add(org.pk)
        consented = ",".join(org.slug for org in new)
        required = {org.pk for org in policy.required_organisations(report=report)}
        if required <= done:
            _transition(
                report,
                user,
                ReportStatus.APPROVED,
                action=AuditAction.REPORT_APPROVE,
                ip=ip,
                organisations=consented,
            )
            report.approved_at = timezone.now()
            report.save(update_fields=["status", "approved_at"])
            notifications.notify(kind=notifications.APPROVED, report=report, actor=user)
        else:
            audit.record(
                AuditAction.REPORT_APPROVE,
                actor=user,
                obj=report,
                ip=ip,
                organisations=consented,
            )
            notifications.notify(kind=notifications.APPROVAL, report=report, actor=user)
    return report


@audit.refusals_recorded(AuditAction.REPORT_SEND_BACK, obj="report")
def send_back_report(*, report: Report, user: Any, reason: str, ip: str | None = None) -> Report:
    """Any required board member returns a submitted report to concept, with a reason."""
    reason = (reason or "").strip()
    with transaction.atomic():
        report = _locked(report)
        _expect(report, ReportStatus.SUBMITTED)
        if not policy.can_review(user=user, report=report):
            _deny()
        if not reason:
            raise ValidationError(_("Geef aan waarom u de rapportage terugstuurt."))
        _transition(
            report,
            user,
            ReportStatus.CONCEPT,
            action=AuditAction.REPORT_SEND_BACK,
            reason=reason,
            ip=ip,
        )
        report.save(update_fields=["status"])
        freeze.thaw(report=report)
        pdfs.discard_pdfs(report=report)
        notifications.notify(kind=notifications.SENT_BACK, report=report, actor=user, reason=reason)
    return report


@audit.refusals_recorded(AuditAction.REPORT_PUBLISH, obj="report")
def publish_report(
    *,
    report: Report,
    user: Any,
    ip: str | None = None,
    consultation: bool = False,
    public: bool | None = None,
) -> Report:
    """Coordinator publishes an approved report: it releases the PDFs the board approved
    (checked by their checksums), so councils can download them at once. A report ter
    zienswijze is published only as it is sent to the councils with its term
    (``consultation``: reports.consultation.services.send_for_consultation). ``public``:
    whether anyone may read it without logging in (None: the executing organisation's
    setting); recorded with the transition."""
    with transaction.atomic():
        report = _locked(report)
        _expect(report, ReportStatus.APPROVED)
        if report.purpose == Purpose.CONSULTATION and not consultation:
            raise ValidationError(
                _(
                    "Deze rapportage gaat ter zienswijze naar de raden: verzend haar met "
                    "‘Ter zienswijze verzenden’, dan begint ook de termijn."
                )
            )
        if not policy.can_publish(user=user, report=report):
            _deny()
        checksums = pdfs.current_pdf_checksums(report=report)
        approved = Approval.objects.filter(report=report, submission=report.submission)
        if any(approval.pdf_checksums != checksums for approval in approved):
            raise ValidationError(
                _(
                    "De pdf’s zijn niet meer dezelfde als die het directieberaad goedkeurde. "
                    "Publiceren kan niet; neem contact op met de functioneel beheerder."
                )
            )
        if public is None:
            public = policy.public_by_default(report=report)
        _transition(
            report,
            user,
            ReportStatus.PUBLISHED,
            action=AuditAction.REPORT_PUBLISH,
            ip=ip,
            public=public,
        )
        report.published_at = timezone.now()
        report.is_public = public
        report.save(update_fields=["status", "published_at", "is_public"])
        notifications.notify(kind=notifications.PUBLISHED, report=report, actor=user)
        # Pages of earlier versions mention the newer one: their cached identities go now
        # and again once this is committed (a page cached in between saw the old state).
        generation.versions_changed()
        transaction.on_commit(generation.versions_changed)
    return report


@audit.refusals_recorded(AuditAction.REPORT_CORRECT, obj="report")
def start_correction(*, report: Report, user: Any, ip: str | None = None) -> Report:
    """A published report never changes: a correction is a new version (a concept copy of
    the report with its letter, entries, indicator values and budget lines: writing.copy and
    budget.copy) that supersedes it once published. The published version stays visible
    with its status."""
    with transaction.atomic():
        report = _locked(report)
        _expect(report, ReportStatus.PUBLISHED)
        if Report.objects.filter(supersedes=report).exists():
            raise ValidationError(_("Er is al een nieuwe versie van deze rapportage."))
        if not policy.can_correct(user=user, report=report):
            _deny()
        correction = copy_report(report=report, user=user)
        copy_changes(source=report, target=correction)
        audit.record(
            AuditAction.REPORT_CORRECT, actor=user, obj=correction, ip=ip, supersedes=report.pk
        )
        # The published version's page now says that a correction is being prepared.
        generation.versions_changed()
        transaction.on_commit(generation.versions_changed)
    return correction
