"""The zienswijze procedure's services: send with its term, the griffies' answers as
versions that never change, late answers, consent after the term, reminders once."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from duoplus.core.models import AuditEvent
from reports.consultation import policy, selectors, services
from reports.consultation.models import ConsultationNotice, CouncilResponse
from reports.review import workflow
from tests.consultation.conftest import PDF
from tests.consultation.conftest import send as _send

pytestmark = pytest.mark.django_db
D = datetime.date


@time_machine.travel(datetime.datetime(2026, 2, 10, 10, 0), tick=False)
def test_send_publishes_starts_the_term_and_mails_each_griffie(
    approved, django_capture_on_commit_callbacks
):
    w = approved
    mail.outbox.clear()
    c = _send(w, django_capture_on_commit_callbacks)
    w.approved.refresh_from_db()
    assert w.approved.status == "published"
    assert c.sent_on == D(2026, 2, 10)
    assert c.term_end == c.computed_term_end == D(2026, 5, 6)  # 5 May is an Atw holiday
    to = sorted(m.to[0] for m in mail.outbox if "Ter zienswijze" in m.subject)
    assert to == [w.clerk_noord.email, w.clerk_zuid.email]
    assert "6 mei 2026" in next(m.body for m in mail.outbox if m.to == [w.clerk_noord.email])
    assert AuditEvent.objects.filter(action="consultation.send", actor=w.coordinator).exists()


def test_plain_publishing_is_refused_for_a_report_ter_zienswijze(approved):
    with pytest.raises(ValidationError, match="Ter zienswijze verzenden"):
        workflow.publish_report(report=approved.approved, user=approved.coordinator)


@time_machine.travel(datetime.datetime(2026, 2, 10, 10, 0), tick=False)
def test_the_term_is_never_shorter_and_a_longer_one_needs_a_reason(
    approved, django_capture_on_commit_callbacks
):
    w = approved
    with pytest.raises(ValidationError, match="niet korter zijn dan 12 weken"):
        _send(w, django_capture_on_commit_callbacks, term_end=D(2026, 5, 1))
    with pytest.raises(ValidationError, match="waarom"):
        _send(w, django_capture_on_commit_callbacks, term_end=D(2026, 5, 20))
    w.approved.refresh_from_db()
    assert w.approved.status == "approved"  # nothing happened
    c = _send(
        w,
        django_capture_on_commit_callbacks,
        term_end=D(2026, 5, 20),
        reason="Raadsreces",
        governing_board_meeting=D(2026, 5, 14),
    )
    assert c.term_end == D(2026, 5, 20) and c.term_reason == "Raadsreces"
    assert c.ends_after_board


def test_only_the_coordinator_sends(approved, django_capture_on_commit_callbacks):
    w = approved
    for user in (w.editor, w.board_exec, w.clerk_noord, w.council_noord):
        with pytest.raises(PermissionDenied):
            services.send_for_consultation(report=w.approved, user=user)
    assert AuditEvent.objects.filter(action="consultation.send", result="denied").count() == 4


def test_the_griffie_answers_for_its_own_council_only(sent, django_capture_on_commit_callbacks):
    w = sent
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, 0), tick=False):
        with pytest.raises(PermissionDenied):
            services.record_response(
                consultation=w.consultation, council=w.zuid, user=w.clerk_noord, kind="none"
            )
        for user in (w.coordinator, w.council_noord):
            with pytest.raises(PermissionDenied):
                services.record_response(
                    consultation=w.consultation, council=w.noord, user=user, kind="none"
                )
        with django_capture_on_commit_callbacks(execute=True):
            response = services.record_response(
                consultation=w.consultation,
                council=w.noord,
                user=w.clerk_noord,
                kind="view",
                text="De raad vraagt de indexatie te beperken.",
                council_decision_date=D(2026, 3, 19),
                file_name="besluit.pdf",
                file_content=PDF,
            )
    assert response.version == 1 and not response.late
    assert response.decision_file.read() == PDF and len(response.decision_sha256) == 64
    assert any("Antwoord van Noorddorp" in m.subject for m in mail.outbox)


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"PK\x03\x04 not a pdf", "geen pdf"), (b"%PDF-1.4" + b"x" * 10_000_001, "te groot")],
)
def test_the_raadsbesluit_must_be_a_pdf_of_limited_size(sent, content, message):
    w = sent
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, 0), tick=False):
        with pytest.raises(ValidationError, match=message):
            services.record_response(
                consultation=w.consultation,
                council=w.noord,
                user=w.clerk_noord,
                kind="view",
                text="Tekst",
                council_decision_date=D(2026, 3, 19),
                file_name="x.docx",
                file_content=content,
            )
    assert not CouncilResponse.objects.exists()


def test_a_zienswijze_needs_text_and_a_decision_date_in_the_term(sent):
    w = sent
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, 0), tick=False):
        for kwargs, message in [
            ({"text": ""}, "tekst"),
            ({"text": "T", "council_decision_date": None}, "datum"),
            ({"text": "T", "council_decision_date": D(2026, 3, 21)}, "toekomst"),
            ({"text": "T", "council_decision_date": D(2026, 1, 5)}, "vóór de verzending"),
        ]:
            data = {"council_decision_date": D(2026, 3, 19), **kwargs}
            with pytest.raises(ValidationError, match=message):
                services.record_response(
                    consultation=w.consultation,
                    council=w.noord,
                    user=w.clerk_noord,
                    kind="view",
                    **data,
                )


def test_corrections_are_versions_and_after_the_term_need_consent(sent):
    w = sent
    c = w.consultation
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, 0), tick=False):
        first = services.record_response(
            consultation=c, council=w.noord, user=w.clerk_noord, kind="none"
        )
        second = services.record_response(
            consultation=c,
            council=w.noord,
            user=w.clerk_noord,
            kind="view",
            text="Toch wel.",
            council_decision_date=D(2026, 3, 19),
        )
    first.refresh_from_db()
    assert (first.kind, first.version, second.version) == ("none", 1, 2)  # first unchanged
    # The term ends on 6 May 2026 (Europe/Amsterdam): the last evening still counts.
    with time_machine.travel(datetime.datetime(2026, 5, 6, 21, 30), tick=False):  # 23:30 local
        assert policy.can_respond(
            user=w.clerk_noord, consultation=c, council=w.noord, today=D(2026, 5, 6)
        )
    with time_machine.travel(datetime.datetime(2026, 5, 7, 8, 0), tick=False):
        with pytest.raises(PermissionDenied):
            services.record_response(
                consultation=c, council=w.noord, user=w.clerk_noord, kind="none"
            )
        with pytest.raises(PermissionDenied):
            services.grant_consent(consultation=c, council=w.noord, user=w.clerk_noord, reason="x")
        consent = services.grant_consent(
            consultation=c, council=w.noord, user=w.coordinator, reason="Verkeerde datum"
        )
        third = services.record_response(
            consultation=c,
            council=w.noord,
            user=w.clerk_noord,
            kind="view",
            text="Toch wel.",
            council_decision_date=D(2026, 3, 18),
        )
        assert third.consent == consent and third.version == 3
        with pytest.raises(PermissionDenied):  # the consent is used
            services.record_response(
                consultation=c, council=w.noord, user=w.clerk_noord, kind="none"
            )
        # A first answer after the term is taken, marked late.
        late = services.record_response(
            consultation=c, council=w.zuid, user=w.clerk_zuid, kind="none"
        )
        assert late.late
        states = {
            s.council.slug: s for s in selectors.council_states(consultation=c, today=D(2026, 5, 7))
        }
        assert states["zuidstad"].label == "Geen zienswijze (na de termijn)"
        assert states["noorddorp"].versions == 3 and states["noorddorp"].state == "received"


def test_reminders_go_once_to_the_griffies_that_have_not_answered(
    sent, django_capture_on_commit_callbacks
):
    w = sent
    c = w.consultation  # term ends 6 May 2026; reminders 14 and 3 days before
    with time_machine.travel(datetime.datetime(2026, 3, 20, 10, 0), tick=False):
        services.record_response(consultation=c, council=w.zuid, user=w.clerk_zuid, kind="none")
    mail.outbox.clear()
    for day in (D(2026, 4, 21), D(2026, 4, 22), D(2026, 4, 22), D(2026, 5, 3), D(2026, 5, 3)):
        with django_capture_on_commit_callbacks(execute=True):
            services.remind_and_summarise(today=day)
    reminders = [m for m in mail.outbox if m.subject.startswith("Herinnering")]
    assert [m.to for m in reminders] == [[w.clerk_noord.email], [w.clerk_noord.email]]
    for day in (D(2026, 5, 7), D(2026, 5, 8)):
        with django_capture_on_commit_callbacks(execute=True):
            services.remind_and_summarise(today=day)
    overview = [m for m in mail.outbox if m.subject.startswith("Termijn")]
    assert [m.to for m in overview] == [[w.coordinator.email]]
    assert "Noorddorp: Niet ontvangen – termijn verstreken" in overview[0].body
    assert "Zuidstad: Geen zienswijze" in overview[0].body
    sent_kinds = ConsultationNotice.objects.filter(kind__in=["reminder", "overview"])
    assert sent_kinds.count() == 3
    assert not sent_kinds.exclude(message__state="sent").exists()


def test_who_sees_which_answers(sent):
    w = sent
    c = w.consultation
    assert policy.visible_council_ids(user=w.coordinator, consultation=c) is None
    assert policy.visible_council_ids(user=w.board_zuid, consultation=c) is None
    assert policy.visible_council_ids(user=w.council_noord, consultation=c) == {w.noord.pk}
    assert policy.visible_council_ids(user=w.clerk_zuid, consultation=c) == {w.zuid.pk}
    assert not policy.can_view(user=w.outsider, consultation=c)
