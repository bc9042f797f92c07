"""Report workflow: one function per transition.

Each checks the source state and the actor's right inside one transaction with the report
row locked, writes the transition and the audit event, and queues follow-up work on commit.

    concept ──submit──▶ ingediend ──all required organisations approve──▶ goedgekeurd
       ▲                    │                                                 │
       └──── send back ◀────┘                                              publish
                                                                              ▼
                                                                        gepubliceerd
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus import audit

from . import caching, freeze, notifications, policy, services
from .models import Approval, Report, ReportStatus, ReportTransition


def _locked(report):
    return Report.objects.select_for_update().get(pk=report.pk)


def _deny():
    raise PermissionDenied(_("U mag deze actie niet uitvoeren op deze rapportage."))


def _expect(report, status):
    if report.status != status:
        raise ValidationError(
            _("Deze actie kan niet: de rapportage heeft de status ‘%(status)s’.")
            % {"status": report.get_status_display()}
        )


def _transition(report, user, to_status, *, reason="", ip=None):
    ReportTransition.objects.create(
        report=report,
        from_status=report.status,
        to_status=to_status,
        actor=user,
        reason=reason,
        ip=ip,
    )
    audit.record(
        f"report.{to_status}",
        actor=user,
        obj=report,
        ip=ip,
        from_status=report.status,
        reason=reason,
    )
    report.status = to_status


def submit_report(*, report, user, ip=None):
    """Coordinator submits a concept report to the directieberaad; content is frozen."""
    with (
        audit.denials_recorded("report.submit", actor=user, obj=report, ip=ip),
        transaction.atomic(),
    ):
        report = _locked(report)
        _expect(report, ReportStatus.CONCEPT)
        if not policy.can_submit(user, report):
            _deny()
        _transition(report, user, ReportStatus.SUBMITTED, ip=ip)
        report.review_round += 1
        report.submitted_at = timezone.now()
        report.save(update_fields=["status", "review_round", "submitted_at"])
        freeze.freeze(report)
        # The board reviews the very files the councils will get: render them now.
        services.queue_pdf_renders(report)
        notifications.notify(notifications.SUBMITTED, report, actor=user)
    return report


def approve_report(*, report, user, ip=None):
    """A board member consents for their organisation(s). When every required organisation
    has consented in this review round, the report is approved."""
    with (
        audit.denials_recorded("report.approve", actor=user, obj=report, ip=ip),
        transaction.atomic(),
    ):
        report = _locked(report)
        _expect(report, ReportStatus.SUBMITTED)
        organisations = policy.approving_organisations(user, report)
        if not organisations:
            _deny()
        done = set(
            Approval.objects.filter(report=report, review_round=report.review_round).values_list(
                "organisation_id", flat=True
            )
        )
        new = [org for org in organisations if org.pk not in done]
        if not new:
            raise ValidationError(_("U heeft deze rapportage al goedgekeurd."))
        checksums = services.current_pdf_checksums(report)
        for org in new:
            Approval.objects.create(
                report=report,
                organisation=org,
                user=user,
                review_round=report.review_round,
                pdf_checksums=checksums,
            )
            audit.record("report.approval", actor=user, obj=report, ip=ip, organisation=org.slug)
            done.add(org.pk)
        required = {org.pk for org in policy.required_organisations(report)}
        if required <= done:
            _transition(report, user, ReportStatus.APPROVED, ip=ip)
            report.approved_at = timezone.now()
            report.save(update_fields=["status", "approved_at"])
            notifications.notify(notifications.APPROVED, report, actor=user)
        else:
            notifications.notify(notifications.APPROVAL, report, actor=user)
    return report


def send_back_report(*, report, user, reason, ip=None):
    """Any required board member returns a submitted report to concept, with a reason."""
    reason = (reason or "").strip()
    with (
        audit.denials_recorded("report.send_back", actor=user, obj=report, ip=ip),
        transaction.atomic(),
    ):
        report = _locked(report)
        _expect(report, ReportStatus.SUBMITTED)
        if not policy.can_review(user, report):
            _deny()
        if not reason:
            raise ValidationError(_("Geef aan waarom u de rapportage terugstuurt."))
        _transition(report, user, ReportStatus.CONCEPT, reason=reason, ip=ip)
        report.save(update_fields=["status"])
        freeze.thaw(report)
        services.discard_pdfs(report)
        notifications.notify(notifications.SENT_BACK, report, actor=user, reason=reason)
    return report


def publish_report(*, report, user, ip=None):
    """Coordinator publishes an approved report: it releases the PDFs the board approved
    (checked by their checksums), so councils can download them at once."""
    with (
        audit.denials_recorded("report.publish", actor=user, obj=report, ip=ip),
        transaction.atomic(),
    ):
        report = _locked(report)
        _expect(report, ReportStatus.APPROVED)
        if not policy.can_publish(user, report):
            _deny()
        checksums = services.current_pdf_checksums(report)
        approved = Approval.objects.filter(report=report, review_round=report.review_round)
        if any(approval.pdf_checksums != checksums for approval in approved):
            raise ValidationError(
                _(
                    "De pdf’s zijn niet meer dezelfde als die het directieberaad goedkeurde. "
                    "Publiceren kan niet; neem contact op met de functioneel beheerder."
                )
            )
        _transition(report, user, ReportStatus.PUBLISHED, ip=ip)
        report.published_at = timezone.now()
        report.save(update_fields=["status", "published_at"])
        notifications.notify(notifications.PUBLISHED, report, actor=user)
        # Pages of earlier versions mention the newer one: their cached identities go now
        # and again once this is committed (a page cached in between saw the old state).
        caching.published_somewhere()
        transaction.on_commit(caching.published_somewhere)
    return report


def start_correction(*, report, user, ip=None):
    """A published report never changes: a correction is a new version (a concept copy of
    its entries, indicator values and budget lines) that supersedes it once published. The
    published version stays visible with its status."""
    with (
        audit.denials_recorded("report.correct", actor=user, obj=report, ip=ip),
        transaction.atomic(),
    ):
        report = _locked(report)
        _expect(report, ReportStatus.PUBLISHED)
        if not policy.can_correct(user, report):
            _deny()
        if Report.objects.filter(supersedes=report).exists():
            raise ValidationError(_("Er is al een nieuwe versie van deze rapportage."))
        correction = services.copy_report(report, user=user)
        audit.record("report.correct", actor=user, obj=correction, ip=ip, supersedes=report.pk)
    return correction
