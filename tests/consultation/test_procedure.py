"""The second half of the procedure: Duo+'s reactions approved by the directieberaad like a
report, the bestuur's decision, the appendix and the letters (PDF, checked by their text),
and the dispatch to Gedeputeerde Staten with its deadline."""

import datetime
import io

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from pypdf import PdfReader

from duoplus.core.models import AuditEvent
from reports.consultation import policy, services
from reports.consultation.models import ConsultationDocument, ReactionApproval
from tests.consultation.conftest import PDF

pytestmark = pytest.mark.django_db
D = datetime.date
ZIENSWIJZE = "De raad vraagt het bestuur de indexatie van de loonkosten te beperken tot 3,1 %."
REACTIE = "De indexatie volgt de septembercirculaire; de raming is naar 3,4 % bijgesteld."


def at(day):
    return time_machine.travel(datetime.datetime(*day, 10, 0), tick=False)


def text_of(document):
    document.refresh_from_db()
    with document.file.open("rb") as fh:
        data = fh.read()
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


@pytest.fixture
def answered(sent, django_capture_on_commit_callbacks):
    """Noorddorp gave a zienswijze with its raadsbesluit in the term; Zuidstad answered
    "geen zienswijze" after it (late)."""
    w = sent
    with at((2026, 3, 20)), django_capture_on_commit_callbacks(execute=True):
        services.record_response(
            consultation=w.consultation,
            council=w.noord,
            user=w.clerk_noord,
            kind="view",
            text=ZIENSWIJZE,
            council_decision_date=D(2026, 3, 19),
            file_name="raadsbesluit.pdf",
            file_content=PDF,
        )
    with at((2026, 5, 8)), django_capture_on_commit_callbacks(execute=True):
        w.late = services.record_response(
            consultation=w.consultation, council=w.zuid, user=w.clerk_zuid, kind="none"
        )
    return w


def _approve_all(w, callbacks):
    with callbacks(execute=True):
        for member in w.board:
            services.approve_reactions(consultation=w.consultation, user=member)
    w.consultation.refresh_from_db()


def test_reactions_wait_for_the_term_and_need_one_per_zienswijze(
    answered, django_capture_on_commit_callbacks
):
    w = answered
    assert w.late.late
    with at((2026, 5, 6)):  # the last day of the term
        assert not policy.can_submit_reactions(
            user=w.coordinator, consultation=w.consultation, today=D(2026, 5, 6)
        )
        with pytest.raises(PermissionDenied):
            services.submit_reactions(consultation=w.consultation, user=w.coordinator)
    with at((2026, 5, 11)):
        with pytest.raises(ValidationError, match="Noorddorp"):
            services.submit_reactions(consultation=w.consultation, user=w.coordinator)
        with pytest.raises(ValidationError, match="geen zienswijze gegeven"):
            services.save_reaction(
                consultation=w.consultation,
                council=w.zuid,
                user=w.coordinator,
                outcome="adopted",
                explanation="x",
            )
        with pytest.raises(ValidationError, match="Licht de reactie toe"):
            services.save_reaction(
                consultation=w.consultation,
                council=w.noord,
                user=w.coordinator,
                outcome="partly",
                explanation="  ",
            )
        with pytest.raises(PermissionDenied):
            services.save_reaction(
                consultation=w.consultation,
                council=w.noord,
                user=w.editor,
                outcome="partly",
                explanation=REACTIE,
            )


@pytest.mark.pdf
def test_the_board_approves_the_reactions_by_consensus_and_may_send_them_back(
    answered, django_capture_on_commit_callbacks
):
    w = answered
    c = w.consultation
    with at((2026, 5, 11)), django_capture_on_commit_callbacks(execute=True):
        services.save_reaction(
            consultation=c,
            council=w.noord,
            user=w.coordinator,
            outcome="partly",
            explanation="Eerst.",
        )
        mail.outbox.clear()
        services.submit_reactions(consultation=c, user=w.coordinator)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(u.email for u in w.board)
    # Submitted reactions are fixed; the councils do not see them yet.
    with pytest.raises(PermissionDenied):
        services.save_reaction(
            consultation=c, council=w.noord, user=w.coordinator, outcome="adopted", explanation="x"
        )
    c.refresh_from_db()
    assert not policy.sees_reactions(user=w.council_zuid, consultation=c)
    assert policy.visible_council_ids(user=w.council_zuid, consultation=c) == {w.zuid.pk}
    with at((2026, 5, 12)), django_capture_on_commit_callbacks(execute=True):
        services.approve_reactions(consultation=c, user=w.board_noord)
        with pytest.raises(PermissionDenied):
            services.approve_reactions(consultation=c, user=w.board_noord)  # once
        with pytest.raises(PermissionDenied):
            services.approve_reactions(consultation=c, user=w.coordinator)
        with pytest.raises(ValidationError, match="veranderen"):
            services.send_back_reactions(consultation=c, user=w.board_zuid, reason="")
        services.send_back_reactions(
            consultation=c, user=w.board_zuid, reason="Verwijs naar de circulaire."
        )
    c.refresh_from_db()
    assert c.reactions_submitted_at is None and c.reactions_approved_at is None
    with at((2026, 5, 13)), django_capture_on_commit_callbacks(execute=True):
        services.save_reaction(
            consultation=c,
            council=w.noord,
            user=w.coordinator,
            outcome="partly",
            explanation=REACTIE,
        )
        services.submit_reactions(consultation=c, user=w.coordinator)
        c.refresh_from_db()
        # The approval before the send-back does not count for the new submission.
        assert policy.can_review_reactions(user=w.board_noord, consultation=c)
        _approve_all(w, django_capture_on_commit_callbacks)
    c = w.consultation
    assert c.reactions_approved_at is not None
    assert ReactionApproval.objects.filter(consultation=c).count() == 4
    assert policy.sees_reactions(user=w.council_zuid, consultation=c)
    assert policy.visible_council_ids(user=w.council_zuid, consultation=c) is None
    assert not policy.can_view(user=w.outsider, consultation=c)
    appendix = ConsultationDocument.objects.get(consultation=c, kind="appendix")
    text = " ".join(text_of(appendix).split())
    assert "Noorddorp" in text and "Zuidstad" in text
    assert "indexatie van de loonkosten te beperken tot 3,1 %" in text
    assert "Deels overgenomen" in text and "naar 3,4 % bijgesteld" in text
    assert "Geen zienswijze (na de termijn)" in text
    approvals = AuditEvent.objects.filter(action="consultation.reactions_approve")
    assert approvals.filter(result="ok").count() == 4
    assert approvals.filter(result="denied").count() == 2


@pytest.fixture
def approved_reactions(answered, django_capture_on_commit_callbacks):
    w = answered
    with at((2026, 5, 11)), django_capture_on_commit_callbacks(execute=True):
        services.save_reaction(
            consultation=w.consultation,
            council=w.noord,
            user=w.coordinator,
            outcome="not_adopted",
            explanation=REACTIE,
        )
        services.submit_reactions(consultation=w.consultation, user=w.coordinator)
        _approve_all(w, django_capture_on_commit_callbacks)
    return w


@pytest.mark.pdf
def test_the_decision_gives_each_council_its_letter_and_the_gs_deadline(
    approved_reactions, django_capture_on_commit_callbacks
):
    w = approved_reactions
    c = w.consultation
    with at((2026, 5, 21)), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError, match="toekomst"):
            services.record_decision(
                consultation=c, user=w.coordinator, decision="adopted", decision_date=D(2026, 5, 22)
            )
        with pytest.raises(ValidationError, match="gewijzigd"):
            services.record_decision(
                consultation=c, user=w.coordinator, decision="amended", decision_date=D(2026, 5, 20)
            )
        with pytest.raises(PermissionDenied):
            services.record_decision(
                consultation=c, user=w.board_exec, decision="adopted", decision_date=D(2026, 5, 20)
            )
        services.record_decision(
            consultation=c, user=w.coordinator, decision="deferred", decision_date=D(2026, 5, 20)
        )
        c.refresh_from_db()
        assert c.gs_due is None and not c.documents.filter(kind="letter").exists()
        mail.outbox.clear()
        services.record_decision(
            consultation=c,
            user=w.coordinator,
            decision="amended",
            decision_date=D(2026, 5, 21),
            note="Post 4.2 verlaagd met € 40.000.",
        )
    c.refresh_from_db()
    assert c.gs_due == D(2026, 6, 4)  # 14 days; 31 July is later
    assert sorted(m.to[0] for m in mail.outbox) == sorted([w.clerk_noord.email, w.clerk_zuid.email])
    letters = {d.council.slug: d for d in c.documents.filter(kind="letter")}
    assert set(letters) == {"noorddorp", "zuidstad"}
    noord = " ".join(text_of(letters["noorddorp"]).split())
    assert "gewijzigd vastgesteld" in noord and "Post 4.2 verlaagd" in noord
    assert "3,1 %" in noord and "Reactie: niet overgenomen" in noord and REACTIE[:40] in noord
    zuid = " ".join(text_of(letters["zuidstad"]).split())
    assert "geen zienswijze te geven" in zuid and "Noorddorp" in zuid
    assert "3,1 %" not in zuid  # another council's text is in the appendix, not in this letter
    assert policy.can_download_document(user=w.clerk_zuid, document=letters["zuidstad"])
    assert not policy.can_download_document(user=w.clerk_zuid, document=letters["noorddorp"])
    assert not policy.can_download_document(user=w.outsider, document=letters["zuidstad"])
    # Decided: no second decision; the dispatch to GS is the next step.
    assert not policy.can_record_decision(user=w.coordinator, consultation=c, today=D(2026, 6, 1))
    with at((2026, 6, 8)):
        with pytest.raises(ValidationError, match="vóór het besluit"):
            services.record_gs_dispatch(consultation=c, user=w.coordinator, sent_on=D(2026, 5, 1))
        services.record_gs_dispatch(consultation=c, user=w.coordinator, sent_on=D(2026, 6, 8))
        with pytest.raises(PermissionDenied):
            services.record_gs_dispatch(consultation=c, user=w.coordinator, sent_on=D(2026, 6, 8))
    event = AuditEvent.objects.get(action="consultation.gs", result="ok")
    assert event.detail["late"] is True


def test_the_decision_and_the_dispatch_keep_the_legal_order_of_their_dates(
    approved_reactions, django_capture_on_commit_callbacks, client
):
    """Recorded late (on 1 June) the decision still cannot be dated before the term's end
    (6 May) nor before the directieberaad approved the reactions (11 May); the dispatch to
    GS not before the decision. Each refusal says which date; nothing is recorded or sent."""
    w = approved_reactions
    c = w.consultation
    with at((2026, 6, 1)), django_capture_on_commit_callbacks(execute=True):
        mail.outbox.clear()
        for day, says in (
            (D(2026, 4, 20), "na het einde van de zienswijzetermijn: tot en met 06-05-2026"),
            (D(2026, 5, 6), "na het einde van de zienswijzetermijn"),
            (D(2026, 5, 8), "keurde de reacties op 11-05-2026 goed"),
        ):
            with pytest.raises(ValidationError, match=says):
                services.record_decision(
                    consultation=c, user=w.coordinator, decision="adopted", decision_date=day
                )
        c.refresh_from_db()
        assert c.decision == "" and c.decision_date is None and c.gs_due is None
        assert not c.documents.filter(kind="letter").exists() and mail.outbox == []
        services.record_decision(
            consultation=c, user=w.coordinator, decision="adopted", decision_date=D(2026, 5, 11)
        )
    c.refresh_from_db()
    assert c.decision_date == D(2026, 5, 11) and c.gs_due == D(2026, 5, 26)  # 25 May: Pinksteren
    client.force_login(w.coordinator)
    with at((2026, 6, 1)):
        page = client.get(reverse("reports:consultation", args=[c.report_id])).content.decode()
    assert "uiterlijk 26 mei 2026" in page
    assert "(maandag 25 mei is geen werkdag: Algemene termijnenwet)" in page
    with at((2026, 6, 2)):
        with pytest.raises(ValidationError, match=r"vóór het besluit van het bestuur \(11-05"):
            services.record_gs_dispatch(consultation=c, user=w.coordinator, sent_on=D(2026, 5, 10))
        services.record_gs_dispatch(consultation=c, user=w.coordinator, sent_on=D(2026, 5, 11))


def test_without_reactions_the_decision_still_waits_for_the_term(
    sent, django_capture_on_commit_callbacks
):
    w = sent
    c = w.consultation
    with at((2026, 3, 2)):
        for council, clerk in ((w.noord, w.clerk_noord), (w.zuid, w.clerk_zuid)):
            services.record_response(consultation=c, council=council, user=clerk, kind="none")
    with at((2026, 5, 20)), django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(ValidationError, match="zienswijzetermijn"):
            services.record_decision(
                consultation=c, user=w.coordinator, decision="adopted", decision_date=D(2026, 3, 5)
            )
        services.record_decision(
            consultation=c, user=w.coordinator, decision="adopted", decision_date=D(2026, 5, 7)
        )
    c.refresh_from_db()
    assert c.decision_date == D(2026, 5, 7)


def test_the_gs_deadline_of_a_begroting_is_before_1_august(approved_reactions):
    c = approved_reactions.consultation
    assert services.gs_deadline(consultation=c, decided_on=D(2026, 7, 25)) == D(2026, 7, 31)
    assert services.gs_deadline(consultation=c, decided_on=D(2026, 8, 3)) == D(2026, 8, 17)


def test_without_zienswijzen_the_bestuur_decides_without_reactions(
    sent, django_capture_on_commit_callbacks
):
    w = sent
    c = w.consultation
    for council, clerk in ((w.noord, w.clerk_noord), (w.zuid, w.clerk_zuid)):
        with at((2026, 3, 2)):
            services.record_response(consultation=c, council=council, user=clerk, kind="none")
    assert not policy.decision_ready(consultation=c, today=D(2026, 5, 6))  # term still runs
    assert policy.decision_ready(consultation=c, today=D(2026, 5, 7))


def test_once_the_reactions_are_submitted_the_answers_are_closed(
    answered, django_capture_on_commit_callbacks
):
    w = answered
    c = w.consultation
    with at((2026, 5, 11)), django_capture_on_commit_callbacks(execute=True):
        services.grant_consent(
            consultation=c, council=w.zuid, user=w.coordinator, reason="Verkeerd aangevinkt"
        )
        services.save_reaction(
            consultation=c,
            council=w.noord,
            user=w.coordinator,
            outcome="adopted",
            explanation="Ja.",
        )
        services.submit_reactions(consultation=c, user=w.coordinator)
        c.refresh_from_db()
        assert not policy.can_grant_consent(
            user=w.coordinator, consultation=c, today=D(2026, 5, 11)
        )
        # Even the unused consent no longer opens the answer: the board has the answers.
        with pytest.raises(PermissionDenied):
            services.record_response(consultation=c, council=w.zuid, user=w.clerk_zuid, kind="none")


def test_the_pages_say_where_the_procedure_stands_as_time_passes(
    answered, client, django_capture_on_commit_callbacks
):
    """The council list and the report page: 'ter zienswijze' only while it is; after the
    term, after the reactions' approval, after the decision and the dispatch, what is true."""
    w = answered
    c = w.consultation

    def says(day):
        with at(day):
            client.force_login(w.clerk_noord)
            listing = client.get(reverse("council_list")).content.decode()
            client.force_login(w.coordinator)
            page = client.get(c.report.get_absolute_url()).content.decode()
        return " ".join(listing.split()), " ".join(page.split())

    listing, page = says((2026, 5, 6))
    assert "de raad kan tot en met woensdag 6 mei 2026 een zienswijze geven" in listing
    # Its status says it went ter zienswijze, not just "Gepubliceerd".
    assert '<span class="badge badge-published">Ter zienswijze verzonden</span>' in page
    assert "de raad kan tot en met woensdag 6 mei 2026 een zienswijze geven" in page
    listing, page = says((2026, 5, 7))
    for text in (listing, page):
        assert "een zienswijze geven" not in text
        assert "liep tot en met woensdag 6 mei 2026. Duo+ reageert op de zienswijzen" in text
    with at((2026, 5, 11)), django_capture_on_commit_callbacks(execute=True):
        services.save_reaction(
            consultation=c, council=w.noord, user=w.coordinator, outcome="adopted", explanation="J"
        )
        services.submit_reactions(consultation=c, user=w.coordinator)
        _approve_all(w, django_capture_on_commit_callbacks)
    listing, page = says((2026, 5, 12))
    assert "Het directieberaad heeft de reacties goedgekeurd; het algemeen bestuur besluit nog" in (
        listing
    )
    with at((2026, 5, 21)), django_capture_on_commit_callbacks(execute=True):
        services.record_decision(
            consultation=c, user=w.coordinator, decision="adopted", decision_date=D(2026, 5, 20)
        )
    listing, page = says((2026, 5, 22))
    assert "Het algemeen bestuur heeft de begroting op 20 mei 2026 vastgesteld." in listing
    assert "Het algemeen bestuur heeft de begroting op 20 mei 2026 vastgesteld." in page
    with at((2026, 5, 25)):
        services.record_gs_dispatch(consultation=c, user=w.coordinator, sent_on=D(2026, 5, 25))
    listing, _page = says((2026, 5, 26))
    assert "Op 25 mei 2026 verzonden aan Gedeputeerde Staten." in listing
