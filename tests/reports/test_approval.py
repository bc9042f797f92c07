"""Approval, publication and the council portal: the state machine for every role, the
content frozen at submission, corrections, notifications on commit, and what councils see."""

import threading

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, transaction
from django.urls import reverse

from budget.models import AllocationShare, BudgetChangeAmount
from duoplus.core.models import AuditEvent
from reports.core.models import ReportStatus
from reports.review import notifications, workflow
from reports.review.models import ReportTransition
from reports.writing import services
from tests.budget.helpers import SAMPLE
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db

FULL = {
    "progress": "Gedaan.",
    "costs": "Binnen budget.",
    "status": "on_track",
    "budget_status": "on_track",
}

ROLES = ["coordinator", "editor", "admin", "board_exec", "board_noord", "council_noord", "outsider"]
BOARD = {"board_exec", "board_noord"}


def to_state(w, state):
    report = w.report
    if state == "concept":
        return report
    report = submit(report, w.coordinator)
    if state == "submitted":
        return report
    for member in w.board:
        report = workflow.approve_report(report=report, user=member)
    if state == "approved":
        return report
    return workflow.publish_report(report=report, user=w.coordinator)


ACTIONS = {
    "submit": lambda r, u: workflow.submit_report(report=r, user=u, unfinished_accepted=True),
    "approve": lambda r, u: workflow.approve_report(report=r, user=u),
    "send_back": lambda r, u: workflow.send_back_report(report=r, user=u, reason="Onvolledig"),
    "publish": lambda r, u: workflow.publish_report(report=r, user=u),
    "correct": lambda r, u: workflow.start_correction(report=r, user=u),
}


def allowed(state, action, role):
    return (
        (state, action, role) in {("concept", "submit", "coordinator")}
        or (state == "submitted" and action in ("approve", "send_back") and role in BOARD)
        or (state, action, role)
        in {("approved", "publish", "coordinator"), ("published", "correct", "coordinator")}
    )


@pytest.mark.parametrize("state", ["concept", "submitted", "approved", "published"])
@pytest.mark.parametrize("action", list(ACTIONS))
def test_state_machine_for_every_role(world, state, action):
    report = to_state(world, state)
    for role in ROLES:
        user = type(getattr(world, role)).objects.get(pk=getattr(world, role).pk)
        transitions = ReportTransition.objects.filter(report=report).count()
        if allowed(state, action, role):
            with transaction.atomic():
                sid = transaction.savepoint()
                result = ACTIONS[action](report, user)
                assert result is not None, (state, action, role)
                transaction.savepoint_rollback(sid)
            continue
        with pytest.raises((PermissionDenied, ValidationError)):
            ACTIONS[action](report, user)
        report.refresh_from_db()
        assert report.status == state, (state, action, role)
        assert ReportTransition.objects.filter(report=report).count() == transitions


def test_allowed_transitions_land_where_they_should(world):
    report = to_state(world, "submitted")
    report = workflow.send_back_report(
        report=report, user=world.board_noord, reason="Graag aanvullen"
    )
    assert (
        report.status == ReportStatus.CONCEPT
        and not report.approvals.filter(submission=report.submission + 1).exists()
    )
    report = to_state(world, "published")
    assert report.status == ReportStatus.PUBLISHED
    path = list(
        ReportTransition.objects.filter(report=report).values_list("from_status", "to_status")
    )
    assert path == [
        ("concept", "submitted"),
        ("submitted", "concept"),
        ("concept", "submitted"),
        ("submitted", "approved"),
        ("approved", "published"),
    ]


# Freezing --------------------------------------------------------------------------------


def test_content_is_frozen_at_submission(budget_world, client):
    w = budget_world
    from budget import services as budget_services

    assert budget_services.import_budget(
        report=w.budget_report, name=SAMPLE.name, content=SAMPLE.read_bytes()
    ).ok
    from tests import factories as f

    entry = f.EntryFactory(report=w.budget_report, programme=w.p1)
    services.save_entry(entry=entry, user=w.editor, data=FULL, version=0)
    submit(w.budget_report, w.coordinator)
    client.force_login(w.board_noord)
    url = w.budget_report.get_absolute_url()
    before = client.get(url).content.decode()
    assert "Eén inkooporganisatie" in before and "Inkoop" in before
    # Programme data, the key and a budget line change after submission...
    w.p1.name = "Inkoop (nieuwe naam)"
    w.p1.save()
    w.p1.goals.update(text="Een heel ander doel")
    AllocationShare.objects.filter(organisation=w.noord).update(percentage=50)
    AllocationShare.objects.filter(organisation=w.zuid).update(percentage=50)
    BudgetChangeAmount.objects.update(amount=1)
    after = client.get(url).content.decode()
    # ...but the board reviews what was submitted, and the councils get that too.
    assert "Een heel ander doel" not in after and "nieuwe naam" not in after
    assert "Eén inkooporganisatie" in after
    from reports.review.selectors import report_document

    w.budget_report.refresh_from_db()
    pdf_context = report_document(report=w.budget_report, council=w.noord, in_pdf=True)
    assert "Een heel ander doel" not in pdf_context["content_html"]
    assert "Eén inkooporganisatie" in pdf_context["content_html"]
    # Sent back: concept again, live data again.
    workflow.send_back_report(report=w.budget_report, user=w.board_noord, reason="Nieuw doel")
    assert "Een heel ander doel" in client.get(url).content.decode()


def test_budget_lines_are_read_only_in_admin_after_submission(budget_world, client):
    from budget import services as budget_services
    from duoplus.core.models import User

    w = budget_world
    assert budget_services.import_budget(
        report=w.budget_report, name=SAMPLE.name, content=SAMPLE.read_bytes()
    ).ok
    change = w.budget_report.budget_changes.first()
    client.force_login(User.objects.create_superuser("su", "su@example.invalid", "Xy!9"))
    url = f"/beheer/budget/budgetchange/{change.pk}/change/"
    assert 'name="title"' in client.get(url).content.decode()
    submit(w.budget_report, w.coordinator)
    page = client.get(url).content.decode()
    assert 'name="title"' not in page
    assert client.post(f"/beheer/budget/budgetchange/{change.pk}/delete/").status_code == 403


# Versions --------------------------------------------------------------------------------


def test_correction_is_a_new_version_that_supersedes_the_published_one(world, client):
    for entry in (world.e1, world.e2):
        services.save_entry(entry=entry, user=world.coordinator, data=FULL, version=0, ready=True)
    published = to_state(world, "published")
    correction = workflow.start_correction(report=published, user=world.coordinator)
    assert (correction.version, correction.status, correction.supersedes) == (
        2,
        ReportStatus.CONCEPT,
        published,
    )
    assert list(correction.entries.values_list("progress", flat=True)) == ["Gedaan.", "Gedaan."]
    # Chapters that were ready stay ready: a correction usually changes one passage.
    assert set(correction.entries.values_list("state", flat=True)) == {"ready"}
    assert set(correction.entries.values_list("revisions__state", flat=True)) == {"ready"}
    with pytest.raises(ValidationError):
        workflow.start_correction(report=published, user=world.coordinator)
    # Councils see only the published version until the correction is published too.
    client.force_login(world.council_noord)
    assert client.get(correction.get_absolute_url()).status_code == 404
    page = client.get(reverse("council_list")).content.decode()
    assert "Vervangen door" not in page
    correction = submit(correction, world.coordinator)
    for member in world.board:
        correction = workflow.approve_report(report=correction, user=member)
    workflow.publish_report(report=correction, user=world.coordinator)
    page = client.get(reverse("council_list")).content.decode()
    assert page.count('class="card"') == 2 and "Vervangen door versie 2" in page
    published.refresh_from_db()
    assert published.status == ReportStatus.PUBLISHED  # never changed
    old_page = client.get(published.get_absolute_url()).content.decode()
    assert "vervangen door versie 2" in old_page


# Notifications ---------------------------------------------------------------------------


def _to(messages):
    return sorted(m.to[0] for m in messages)


def test_notifications_go_out_on_commit_only(world, django_capture_on_commit_callbacks):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        submit(world.report, world.coordinator)
        raise Boom
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        submit(world.report, world.coordinator)
    assert _to(mail.outbox) == _to_users(world.board)
    assert all("Ter goedkeuring" in m.subject for m in mail.outbox)


def _to_users(users):
    return sorted(u.email for u in users)


def test_who_hears_what(world, django_capture_on_commit_callbacks):
    report = to_state(world, "submitted")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        report = workflow.approve_report(report=report, user=world.board_exec)
    assert _to(mail.outbox) == [world.coordinator.email]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.send_back_report(
            report=report, user=world.board_zuid, reason="Cijfers kloppen niet"
        )
    assert _to(mail.outbox) == _to_users([world.coordinator, world.editor, world.other_editor])
    assert all("Cijfers kloppen niet" in m.body for m in mail.outbox)
    outsider_council = world.council_zuid
    world.report.recipients.remove(world.zuid)  # while concept, before resubmission
    report = submit(world.report, world.coordinator)
    for member in (world.board_exec, world.board_noord):  # Zuidstad no longer takes part
        report = workflow.approve_report(report=report, user=member)
    assert report.status == ReportStatus.APPROVED
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        workflow.publish_report(report=report, user=world.coordinator)
    notices = [m for m in mail.outbox if "Gepubliceerd" in m.subject]
    assert _to(notices) == [world.council_noord.email]  # not the council it is not for
    assert outsider_council.email not in _to(mail.outbox)
    assert notifications.recipients(kind=notifications.PUBLISHED, report=report).count() == 1


# Council portal --------------------------------------------------------------------------


def test_council_portal_permission_matrix_and_id_guessing(
    world, client, django_capture_on_commit_callbacks
):
    from tests import factories as f

    for entry in (world.e1, world.e2):
        services.save_entry(entry=entry, user=world.coordinator, data=FULL, version=0, ready=True)
    with django_capture_on_commit_callbacks(execute=True):  # the PDFs are rendered
        published = to_state(world, "published")
    only_zuid = f.ReportFactory(organisation=world.executing, title="Alleen voor Zuidstad")
    only_zuid.recipients.set([world.zuid])
    f.EntryFactory(report=only_zuid, programme=world.p1)
    only_zuid = submit(only_zuid, world.coordinator)
    for member in (world.board_exec, world.board_zuid):
        only_zuid = workflow.approve_report(report=only_zuid, user=member)
    only_zuid = workflow.publish_report(report=only_zuid, user=world.coordinator)
    draft = f.ReportFactory(organisation=world.executing, title="Nog een concept")
    draft.recipients.set([world.noord])

    client.force_login(world.council_noord)
    listing = client.get(reverse("council_list")).content.decode()
    assert published.title in listing and "Alleen voor Zuidstad" not in listing
    assert "Nog een concept" not in listing
    reading = client.get(published.get_absolute_url())
    assert reading.status_code == 200
    page = reading.content.decode()
    assert 'id="kop-inhoud"' in page and "Historie" not in page  # chapters, no internals
    for url in [
        only_zuid.get_absolute_url(),
        draft.get_absolute_url(),
        reverse("reports:pdf_download", args=[published.pk, world.zuid.slug]),
        reverse("reports:pdf_download", args=[only_zuid.pk, world.zuid.slug]),
        reverse("reports:pdf_download", args=[only_zuid.pk, world.noord.slug]),
        reverse("reports:entry_history", args=[published.pk, world.e1.pk]),
        reverse("reports:detail", args=[999999]),
    ]:
        before = AuditEvent.objects.filter(result__in=["not_found", "denied"]).count()
        assert client.get(url).status_code == 404, url
        assert AuditEvent.objects.filter(result__in=["not_found", "denied"]).count() == before + 1
    download = client.get(reverse("reports:pdf_download", args=[published.pk, world.noord.slug]))
    assert download.status_code == 200
    assert download["Content-Disposition"] == (
        'attachment; filename="Eerste-voortgangsrapportage-2022-Noorddorp.pdf"'
    )


def test_council_reads_its_own_variant(budget_world, client):
    from budget import services as budget_services

    w = budget_world
    assert budget_services.import_budget(
        report=w.budget_report, name=SAMPLE.name, content=SAMPLE.read_bytes()
    ).ok
    report = submit(w.budget_report, w.coordinator)
    for member in w.board:
        report = workflow.approve_report(report=report, user=member)
    workflow.publish_report(report=report, user=w.coordinator)
    client.force_login(w.council_noord)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Gevolgen voor de begroting van Noorddorp" in page
    assert "Gevolgen voor de begroting van Zuidstad" not in page
    client.force_login(w.board_noord)
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Gevolgen voor de begroting van Zuidstad" in page  # internal: every municipality


# Concurrency (PostgreSQL) ----------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("action", ["approve", "publish"])
def test_simultaneous_clicks_never_count_twice(world, require_postgres, action):
    report = to_state(world, "submitted" if action == "approve" else "approved")
    if action == "approve":
        for member in world.board[:-1]:
            report = workflow.approve_report(report=report, user=member)
        users = [world.board[-1]] * 2 + [world.board[0]]
    else:
        users = [world.coordinator] * 3
    barrier = threading.Barrier(len(users))
    outcomes = []

    def click(user):
        try:
            barrier.wait()
            ACTIONS[action](report, user)
            outcomes.append("ok")
        except (PermissionDenied, ValidationError):
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=click, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    target = ReportStatus.APPROVED if action == "approve" else ReportStatus.PUBLISHED
    assert outcomes.count("ok") == 1, outcomes
    assert ReportTransition.objects.filter(report=report, to_status=target).count() == 1
    report.refresh_from_db()
    assert report.status == target


def test_correction_through_the_page(world, client):
    published = to_state(world, "published")
    url = reverse("reports:correct", args=[published.pk])
    client.force_login(world.editor)
    response = client.post(url, follow=True)
    assert "U mag deze actie niet uitvoeren" in response.content.decode()
    assert not published.__class__.objects.filter(supersedes=published).exists()
    client.force_login(world.coordinator)
    assert "Gecorrigeerde versie maken" in client.get(published.get_absolute_url()).content.decode()
    response = client.post(url)
    correction = published.__class__.objects.get(supersedes=published)
    assert response["Location"] == correction.get_absolute_url()
    page = client.get(published.get_absolute_url()).content.decode()
    assert "Gecorrigeerde versie maken" not in page and "gecorrigeerde versie 2" in page
