"""The procedure's pages: what each person sees, and bad input answered in Dutch without
losing what was typed."""

import datetime

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from duoplus.core.models import AuditEvent
from reports.consultation import services
from reports.consultation.models import CouncilResponse
from tests.consultation.conftest import PDF

pytestmark = pytest.mark.django_db
D = datetime.date


def at(day):
    return time_machine.travel(datetime.datetime(*day, 10, 0), tick=False)


def test_the_send_page_computes_the_term_and_warns_before_the_bestuur(approved, client):
    w = approved
    url = reverse("reports:consultation_send", args=[w.approved.pk])
    client.force_login(w.coordinator)
    with at((2026, 2, 10)):
        page = client.get(url).content.decode()
        assert "woensdag 6 mei 2026" in page  # 5 May is a holiday (Atw)
        # A shorter term is refused; the reason typed is kept.
        response = client.post(
            url,
            {"term_end": "2026-05-01", "reason": "Eigen reden", "bevestigd": "1"},
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert "niet korter zijn dan 12 weken" in body and "Eigen reden" in body
        # The question first, with the warning that the term ends after the bestuur meets.
        response = client.post(
            url, {"term_end": "2026-05-06", "governing_board_meeting": "2026-05-01"}
        )
        assert "Ter zienswijze verzenden?" in response.content.decode()
        assert "niet vóór de geplande vergadering" in response.content.decode()
        response = client.post(
            url,
            {"term_end": "2026-05-06", "governing_board_meeting": "2026-05-01", "bevestigd": "1"},
        )
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:consultation", args=[w.approved.pk])
    w.approved.refresh_from_db()
    assert w.approved.status == "published"
    # Once sent, the page is gone for everyone (and the report page links to the procedure).
    client.force_login(w.coordinator)  # the session above began in February
    assert client.get(url).status_code == 404
    assert (
        reverse("reports:consultation", args=[w.approved.pk])
        in client.get(w.approved.get_absolute_url()).content.decode()
    )


def test_the_griffie_answers_with_a_pdf_and_keeps_its_text_on_errors(sent, client):
    w = sent
    url = reverse("reports:consultation_respond", args=[w.approved.pk, "noorddorp"])
    client.force_login(w.clerk_noord)
    text = "De raad vraagt het bestuur de kosten per inwoner te beperken."
    with at((2026, 3, 20)):
        response = client.post(
            url,
            {
                "kind": "view",
                "text": text,
                "council_decision_date": "2026-03-19",
                "decision_file": SimpleUploadedFile("besluit.docx", b"PK\x03\x04 not a pdf"),
            },
        )
        assert response.status_code == 400
        body = response.content.decode()
        assert "geen pdf" in body and text in body and "2026-03-19" in body
        response = client.post(url, {"kind": "view", "text": text})
        assert "Vul de datum van het raadsbesluit in." in response.content.decode()
        response = client.post(
            url,
            {
                "kind": "view",
                "text": text,
                "council_decision_date": "2026-03-19",
                "decision_file": SimpleUploadedFile("besluit.pdf", PDF, "application/pdf"),
            },
        )
        assert response.status_code == 302
        overview = client.get(reverse("reports:consultation", args=[w.approved.pk]))
    assert "Zienswijze ontvangen" in overview.content.decode()
    response = CouncilResponse.objects.get(consultation=w.consultation, council=w.noord)
    assert response.decision_size == len(PDF)
    download = reverse("reports:consultation_decision_file", args=[w.approved.pk, "noorddorp", 1])
    client.force_login(w.clerk_noord)  # the session above began in March
    got = client.get(download)
    assert got.status_code == 200 and b"".join(got.streaming_content) == PDF
    assert got["X-Content-SHA256"] == response.decision_sha256
    assert AuditEvent.objects.filter(action="consultation.download", actor=w.clerk_noord).exists()
    # Another council's griffie and members do not get it, nor the answer form.
    client.force_login(w.clerk_zuid)
    assert client.get(download).status_code == 404
    assert client.get(url).status_code == 404


def test_each_council_reads_its_own_answer_until_the_reactions_are_approved(
    sent, client, django_capture_on_commit_callbacks
):
    w = sent
    c = w.consultation
    zuid_text = "Zuidstad wil de post huisvesting gefaseerd zien."
    with at((2026, 3, 20)):
        services.record_response(
            consultation=c,
            council=w.zuid,
            user=w.clerk_zuid,
            kind="view",
            text=zuid_text,
            council_decision_date=D(2026, 3, 19),
        )
        services.record_response(consultation=c, council=w.noord, user=w.clerk_noord, kind="none")
    url = reverse("reports:consultation", args=[w.approved.pk])
    client.force_login(w.council_noord)
    with at((2026, 5, 11)):
        page = client.get(url).content.decode()
        assert "Geen zienswijze" in page and zuid_text not in page and "Zuidstad" not in page
        with django_capture_on_commit_callbacks(execute=True):
            services.save_reaction(
                consultation=c,
                council=w.zuid,
                user=w.coordinator,
                outcome="adopted",
                explanation="Wij faseren de huisvesting over twee jaar.",
            )
            services.submit_reactions(consultation=c, user=w.coordinator)
            for member in w.board:
                services.approve_reactions(consultation=c, user=member)
        page = client.get(url).content.decode()
    assert zuid_text in page and "Reactie Duo+: Overgenomen" in page
    assert "Bijlage zienswijzen voor het bestuur" in page
    client.force_login(w.outsider)
    assert client.get(url).status_code == 404


def test_a_decision_with_a_bad_date_keeps_what_was_typed(sent, client):
    w = sent
    with at((2026, 3, 2)):
        for council, clerk in ((w.noord, w.clerk_noord), (w.zuid, w.clerk_zuid)):
            services.record_response(
                consultation=w.consultation, council=council, user=clerk, kind="none"
            )
    client.force_login(w.coordinator)
    url = reverse("reports:consultation_decision", args=[w.approved.pk])
    with at((2026, 5, 20)):
        response = client.post(
            url,
            {
                "besluit-decision": "amended",
                "besluit-decision_date": "2026-06-30",
                "besluit-note": "Post 3 gewijzigd",
            },
        )
    assert response.status_code == 400
    body = response.content.decode()
    assert "De vergaderdatum ligt in de toekomst." in body and "Post 3 gewijzigd" in body


def test_reactions_are_offered_for_submission_only_when_complete_and_each_approval_is_named(
    sent, client, django_capture_on_commit_callbacks
):
    w = sent
    c = w.consultation
    with at((2026, 3, 20)):
        services.record_response(
            consultation=c,
            council=w.zuid,
            user=w.clerk_zuid,
            kind="view",
            text="Zuidstad wil minder.",
            council_decision_date=D(2026, 3, 19),
        )
        services.record_response(consultation=c, council=w.noord, user=w.clerk_noord, kind="none")
    url = reverse("reports:consultation", args=[w.approved.pk])
    with at((2026, 5, 11)):
        client.force_login(w.coordinator)
        page = client.get(url).content.decode()
        # After the term, but Zuidstad's zienswijze has no reaction yet: not offered.
        assert "Nog geen reactie op de zienswijze van: Zuidstad." in page
        assert "Reacties indienen bij het directieberaad" not in page
        services.save_reaction(
            consultation=c, council=w.zuid, user=w.coordinator, outcome="adopted", explanation="Ja"
        )
        page = client.get(url).content.decode()
        assert "Reacties indienen bij het directieberaad" in page
        with django_capture_on_commit_callbacks(execute=True):
            services.submit_reactions(consultation=c, user=w.coordinator)
            services.approve_reactions(consultation=c, user=w.board_noord)
        page = client.get(url).content.decode()
    section = page[page.index("Ingediend bij het directieberaad") :].split("</ul>", 1)[0]
    items = [li.split("</li>")[0] for li in section.split("<li>")[1:]]
    assert len(items) == 3
    assert all(item.rstrip().endswith(("nog niet", ")")) for item in items), items
    assert sum("goedgekeurd (" in item for item in items) == 1
    assert sum(item.endswith("nog niet") for item in items) == 2


def test_without_zienswijzen_no_reactions_are_asked_for(sent, client):
    w = sent
    c = w.consultation
    with at((2026, 3, 20)):
        for council, clerk in ((w.noord, w.clerk_noord), (w.zuid, w.clerk_zuid)):
            services.record_response(consultation=c, council=council, user=clerk, kind="none")
    client.force_login(w.coordinator)
    with at((2026, 5, 11)):
        page = client.get(reverse("reports:consultation", args=[w.approved.pk])).content.decode()
    assert "Reacties indienen bij het directieberaad" not in page
    assert "er zijn geen reacties nodig. Het bestuur kan besluiten." in page


def test_after_the_term_the_griffie_is_told_how_to_correct_its_answer(
    sent, client, django_capture_on_commit_callbacks
):
    w = sent
    c = w.consultation
    with at((2026, 3, 20)):
        services.record_response(consultation=c, council=w.noord, user=w.clerk_noord, kind="none")
    url = reverse("reports:consultation", args=[w.approved.pk])
    hint = "Vraag de coördinator om toestemming"
    client.force_login(w.clerk_noord)
    with at((2026, 3, 21)):
        page = client.get(url).content.decode()
    assert "Antwoord corrigeren" in page and hint not in page  # in the term: the button
    with at((2026, 5, 11)):
        client.force_login(w.clerk_noord)
        page = client.get(url).content.decode()
        assert "Antwoord corrigeren" not in page and hint in page
        # Zuidstad's griffie, who has not answered, is not told to ask for consent.
        client.force_login(w.clerk_zuid)
        assert hint not in client.get(url).content.decode()
        services.grant_consent(
            consultation=c, council=w.noord, user=w.coordinator, reason="Verkeerd aangevinkt"
        )
        client.force_login(w.clerk_noord)
        page = client.get(url).content.decode()
    assert "Antwoord corrigeren" in page and hint not in page
