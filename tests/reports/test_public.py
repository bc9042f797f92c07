"""Openbaar: the coordinator decides at publication (the organisation's setting is the
default, the decision is recorded); anyone reads a public report, its PDFs and, once public,
the answers and zienswijzen; nothing that is not public is reachable without logging in."""

import re
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duoplus.core.models import AuditEvent
from reports.consultation.models import Consultation, CouncilResponse, Reaction
from reports.core.models import Report
from reports.questions import services as questions
from reports.review import workflow
from tests import factories as f
from tests.test_permission_matrix import ROLES, _user
from tests.workflow_helpers import submit


def _approved(w, title="Eerste voortgangsrapportage 2022"):
    report = f.ReportFactory(organisation=w.executing, title=title)
    report.recipients.set([w.noord, w.zuid])
    f.EntryFactory(report=report, programme=w.p1, progress="Openbare tekst over inkoop.")
    report = submit(report, w.coordinator)
    for member in w.board:
        report = workflow.approve_report(report=report, user=member)
    return report


def _publish(client, w, report, **data):
    client.force_login(w.coordinator)
    return client.post(reverse("reports:publish", args=[report.pk]), data)


def test_the_coordinator_decides_at_publication_with_the_setting_as_default(world, client):
    w = world
    report = _approved(w)
    page = _publish(client, w, report).content.decode()  # the question first
    assert re.search(r'value="nee"\s+checked', page)  # the organisation's default: not public
    w.executing.publishes_openly = True
    w.executing.save()
    page = _publish(client, w, report).content.decode()
    assert re.search(r'value="ja"\s+checked', page)
    _publish(client, w, report, bevestigd="1", openbaar="nee")  # decided otherwise
    report.refresh_from_db()
    assert report.status == "published" and report.is_public is False
    event = AuditEvent.objects.filter(action="report.publish").latest("pk")
    assert event.detail["public"] is False


def test_without_a_choice_the_setting_decides(world):
    w = world
    w.executing.publishes_openly = True
    w.executing.save()
    report = workflow.publish_report(report=_approved(w), user=w.coordinator)
    assert report.is_public


@pytest.fixture
def public_world(world):
    w = world
    w.public = workflow.publish_report(report=_approved(w), user=w.coordinator, public=True)
    w.private = workflow.publish_report(
        report=_approved(w, "Tweede voortgangsrapportage 2022"), user=w.coordinator, public=False
    )
    w.concept = f.ReportFactory(organisation=w.executing, title="Kaderbrief in concept")
    w.concept.recipients.set([w.noord])
    return w


def test_anyone_reads_a_public_report_and_its_pdfs(public_world):
    w, anonymous = public_world, Client()
    listing = anonymous.get(reverse("public_list")).content.decode()
    assert w.public.title in listing
    assert w.private.title not in listing and w.concept.title not in listing
    page = anonymous.get(reverse("public_report", args=[w.public.pk]))
    assert page.status_code == 200
    assert "public" in page["Cache-Control"]
    text = page.content.decode()
    assert "Openbaar document" in text and "Openbare tekst over inkoop." in text
    for council in (w.noord, w.zuid):
        pdf = anonymous.get(reverse("public_pdf", args=[w.public.pk, council.slug]))
        assert pdf.status_code == 200
        body = b"".join(pdf.streaming_content)
        assert body.startswith(b"%PDF")
        again = anonymous.get(
            reverse("public_pdf", args=[w.public.pk, council.slug]), HTTP_IF_NONE_MATCH=pdf["ETag"]
        )
        assert again.status_code == 304


def test_nothing_that_is_not_public_is_reachable_here(public_world, client):
    """Every role of the permission matrix, logged in or not."""
    w, wrong = public_world, []
    for role in ROLES:
        client.logout()
        user = _user(w, role)
        if user is not None:
            client.force_login(user)
        urls = [reverse("public_report", args=[99999])]
        urls += [reverse("public_pdf", args=[w.public.pk, "elders"])]
        for report in (w.private, w.concept):
            urls += [
                reverse("public_report", args=[report.pk]),
                reverse("public_pdf", args=[report.pk, w.noord.slug]),
            ]
        for url in urls:
            status = client.get(url).status_code
            if status != 404:
                wrong.append(f"{role}: {url} answers {status}")
    assert not wrong, "\n".join(wrong)


def test_answers_and_zienswijzen_appear_once_they_are_public(public_world):
    w, anonymous = public_world, Client()
    url = reverse("public_report", args=[w.public.pk])
    asked = questions.ask_question(
        report=w.public, user=w.council_noord, passage="letter", text="Geheime vraag nog open?"
    )
    answered = questions.ask_question(
        report=w.public, user=w.council_zuid, passage="letter", text="Wat kost de inkoop?"
    )
    questions.save_draft(question=answered, user=w.coordinator, text="Conceptantwoord", version=0)
    page = anonymous.get(url).content.decode()
    assert "Geheime vraag" not in page and "Conceptantwoord" not in page
    questions.release(question=answered, user=w.coordinator)
    page = anonymous.get(url).content.decode()
    assert "Wat kost de inkoop?" in page and "Conceptantwoord" in page
    assert "Geheime vraag" not in page
    assert w.council_zuid.last_name not in page  # the council is named, not the person
    assert asked.pk
    today = timezone.localdate()
    consultation = Consultation.objects.create(
        report=w.public,
        sent_on=today,
        sent_by=w.coordinator,
        term_end=today,
        computed_term_end=today,
    )
    response = CouncilResponse.objects.create(
        consultation=consultation,
        council=w.noord,
        kind="view",
        text="Zienswijze Noorddorp",
        recorded_by=w.clerk_noord,
    )
    Reaction.objects.create(
        consultation=consultation,
        council=w.noord,
        response=response,
        outcome="partly",
        explanation="Reactie van Duo+",
        written_by=w.coordinator,
    )
    page = anonymous.get(url).content.decode()
    assert "Zienswijze Noorddorp" not in page and "Reactie van Duo+" not in page
    Consultation.objects.filter(pk=consultation.pk).update(reactions_approved_at=timezone.now())
    page = anonymous.get(url).content.decode()
    assert "Zienswijze Noorddorp" in page and "Reactie van Duo+" in page


def test_the_anonymous_crawl_reaches_only_public_pages(public_world):
    """Follow every link from the public list without logging in: each answers 200 and is
    public, or sends to the login page; the private report's title never shows."""
    w, anonymous = public_world, Client()
    queue, seen = [reverse("public_list"), reverse("login"), "/"], set()
    while queue and len(seen) < 80:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        response = anonymous.get(path)
        if response.status_code == 302:
            assert urlsplit(response["Location"]).path == reverse("login"), path
            continue
        assert response.status_code == 200, path
        if response.get("Content-Type", "").startswith("text/html"):
            body = response.content.decode()
            assert w.private.title not in body and w.concept.title not in body, path
            for href in re.findall(r'href="(/[^"#]*)', body):
                if not href.startswith("/static/") and href not in seen:
                    queue.append(href)
    assert reverse("public_report", args=[w.public.pk]) in seen
    assert reverse("public_pdf", args=[w.public.pk, w.noord.slug]) in seen
    assert Report.objects.public().count() == 1


def test_the_public_page_is_the_frozen_content(public_world):
    """Renaming the programme and changing its goals after publication changes nothing."""
    w, anonymous = public_world, Client()
    url = reverse("public_report", args=[w.public.pk])
    before = anonymous.get(url).content
    w.p1.name = "Andere naam"
    w.p1.save()
    w.p1.goals.update(text="Ander doel")
    assert anonymous.get(url).content == before


def test_a_correction_of_a_public_report_is_proposed_public(public_world, client):
    w = public_world
    correction = workflow.start_correction(report=w.public, user=w.coordinator)
    correction = submit(correction, w.coordinator)
    for member in w.board:
        correction = workflow.approve_report(report=correction, user=member)
    page = _publish(client, w, correction).content.decode()
    assert re.search(r'value="ja"\s+checked', page)
    assert workflow.publish_report(report=correction, user=w.coordinator).is_public
