import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from duoplus.core.models import AuditEvent
from reports.core.models import ReportStatus
from reports.review import generation, workflow
from reports.review.models import Approval, PDFStatus, ReportPDF
from reports.search import index as search_index
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db


def submitted(w):
    return submit(w.report, w.coordinator)


def approved(w):
    report = submitted(w)
    for member in w.board:
        report = workflow.approve_report(report=report, user=member)
    return report


def test_coordinator_submits_concept(world):
    report = submitted(world)
    assert report.status == ReportStatus.SUBMITTED
    assert report.submission == 1
    assert report.submitted_at is not None
    t = report.transitions.get()
    assert (t.from_status, t.to_status, t.actor) == ("concept", "submitted", world.coordinator)
    assert AuditEvent.objects.filter(action="report.submit", object_id=str(report.pk)).exists()


@pytest.mark.parametrize("who", ["editor", "admin", "board_exec", "council_noord", "outsider"])
def test_only_coordinator_submits(world, who):
    with pytest.raises(PermissionDenied):
        workflow.submit_report(
            report=world.report, user=getattr(world, who), unfinished_accepted=True
        )
    world.report.refresh_from_db()
    assert world.report.status == ReportStatus.CONCEPT
    assert AuditEvent.objects.filter(action="report.submit", result="denied").count() == 1


def test_consensus_every_required_organisation_must_approve(world):
    report = submitted(world)
    for member in world.board[:-1]:
        report = workflow.approve_report(report=report, user=member)
        assert report.status == ReportStatus.SUBMITTED
    report = workflow.approve_report(report=report, user=world.board[-1])
    assert report.status == ReportStatus.APPROVED
    assert report.approved_at is not None
    assert Approval.objects.filter(report=report, submission=1).count() == 3


def test_required_organisations_are_data(world):
    """An organisation without an active board member is not waited for."""
    world.board_zuid.is_active = False
    world.board_zuid.save()
    report = submitted(world)
    report = workflow.approve_report(report=report, user=world.board_exec)
    report = workflow.approve_report(report=report, user=world.board_noord)
    assert report.status == ReportStatus.APPROVED


def test_board_member_cannot_approve_twice(world):
    report = submitted(world)
    workflow.approve_report(report=report, user=world.board_noord)
    with pytest.raises(ValidationError):
        workflow.approve_report(report=report, user=world.board_noord)
    assert Approval.objects.filter(report=report).count() == 1


@pytest.mark.parametrize("who", ["coordinator", "editor", "council_noord", "admin", "outsider"])
def test_only_board_members_approve(world, who):
    report = submitted(world)
    with pytest.raises(PermissionDenied):
        workflow.approve_report(report=report, user=getattr(world, who))


def test_cannot_approve_a_concept(world):
    with pytest.raises(ValidationError):
        workflow.approve_report(report=world.report, user=world.board_exec)


def test_send_back_needs_reason_and_clears_approvals(world):
    report = submitted(world)
    workflow.approve_report(report=report, user=world.board_exec)
    with pytest.raises(ValidationError):
        workflow.send_back_report(report=report, user=world.board_noord, reason="  ")
    report = workflow.send_back_report(
        report=report, user=world.board_noord, reason="Hoofdstuk 2 is te kort."
    )
    assert report.status == ReportStatus.CONCEPT
    assert report.transitions.last().reason == "Hoofdstuk 2 is te kort."
    # Resubmitting starts a new round: earlier approvals no longer count.
    report = submitted(world)
    assert report.submission == 2
    for member in world.board[:-1]:
        report = workflow.approve_report(report=report, user=member)
    assert report.status == ReportStatus.SUBMITTED


def test_publish_releases_the_approved_pdfs_without_rendering(
    world, django_capture_on_commit_callbacks
):
    report = approved(world)
    pdfs = {p.council.slug: p.sha256 for p in ReportPDF.objects.filter(report=report)}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = workflow.publish_report(report=report, user=world.coordinator)
    assert report.status == ReportStatus.PUBLISHED
    # Only the notice to each of the two council members (and the cache's publication
    # counter, reports.review.generation): nothing is rendered any more.

    callbacks = [c for c in callbacks if c is not search_index._flush]  # the search index
    notices = [c for c in callbacks if c is not generation.versions_changed]
    assert len(notices) == 2 and len(callbacks) == 3
    ready = ReportPDF.objects.filter(report=report)
    assert {p.council.slug: p.sha256 for p in ready} == pdfs
    assert {p.status for p in ready} == {PDFStatus.READY}
    for approval in Approval.objects.filter(report=report):
        assert approval.pdf_checksums == pdfs


@pytest.mark.parametrize("who", ["editor", "board_exec", "council_noord", "admin"])
def test_only_coordinator_publishes(world, who):
    report = approved(world)
    with pytest.raises(PermissionDenied):
        workflow.publish_report(report=report, user=getattr(world, who))


def test_cannot_publish_before_approval(world):
    report = submitted(world)
    with pytest.raises(ValidationError):
        workflow.publish_report(report=report, user=world.coordinator)
