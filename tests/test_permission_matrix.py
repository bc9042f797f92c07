"""Every URL of the portal × every role, with the outcome each must get (ASVS V8.2).

The list of URLs comes from the URL configuration: a new URL without a row here fails
``test_every_url_pattern_is_in_the_matrix``. GET is tried on every URL; POST on the URLs
that change something, where "done" means the action took effect (an audit row "ok" by
that person) and anything else must leave no such row.

Outcomes: 200 (page), "login" (to the login page), 404 (hidden: not found, and logged),
405 (this method is not offered), 302 (sent on to another page), "done"/"refused" (POST).
"""

import datetime
from dataclasses import dataclass, field

import pytest
import time_machine
from django.db import transaction
from django.test import TestCase
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from budget import services as budget_services
from duoplus.core import documents
from duoplus.core.models import AuditEvent, Role
from reports.consultation import services as consultation
from reports.planning import services as planning_services
from reports.questions import services as questions
from reports.questions.models import QuestionDocument
from reports.review import workflow
from tests import factories as f
from tests.budget.helpers import SAMPLE
from tests.conftest import add_budget, build_world, built_once
from tests.consultation.conftest import PDF
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "editor",
    "coordinator",
    "admin",
    "board_exec",
    "board_noord",
    "council_noord",
    "council_zuid",
    "clerk_noord",
    "outsider",
]
INTERNAL = ["editor", "coordinator", "admin", "board_exec", "board_noord"]
# Who cannot see an unpublished report gets 404 for it, whatever they try (and it is logged).
HIDDEN = {"council_noord": 404, "council_zuid": 404, "clerk_noord": 404, "outsider": 404}
STAFF = ["editor", "coordinator", "admin"]
COUNCILS = ["council_noord", "council_zuid", "clerk_noord"]


def everyone(outcome, **overrides):
    table = {role: outcome for role in ROLES if role != "anonymous"}
    table["anonymous"] = "login"
    table.update(overrides)
    return table


def only(allowed, outcome=200, others=404, **overrides):
    table = everyone(others)
    table.update(dict.fromkeys(allowed, outcome))
    table.update(overrides)
    return table


@dataclass
class Case:
    kwargs: object = None  # function of the world giving the URL kwargs
    get: dict = field(default_factory=dict)
    post: dict | None = None  # None: POST is not tried
    data: object = None  # function of the world giving the POST data
    query: str = ""


def _concept(w):
    return {"pk": w.report.pk}


def _published(w):
    return {"pk": w.published.pk}


def _submitted(w):
    return {"pk": w.submitted.pk}


def _entry(w):
    return {"pk": w.report.pk, "entry_pk": w.e1.pk}


MATRIX = {
    # Pages for everyone who is logged in.
    "home": Case(get=everyone(200)),
    "my_work": Case(get=everyone(200)),  # one's own entries: empty for whoever has none
    "council_list": Case(get=only(COUNCILS)),
    # Public reports, for anyone (tests/reports/test_public.py: nothing else is reachable).
    "public_list": Case(get=everyone(200, anonymous=200)),
    "public_report": Case(kwargs=_published, get=everyone(200, anonymous=200)),
    "public_pdf": Case(
        kwargs=lambda w: {"pk": w.published.pk, "council": w.noord.slug},
        get=everyone(200, anonymous=200),
    ),
    # Open data of public reports (tests/reports/test_open_data.py).
    "datapackage": Case(kwargs=_published, get=everyone(200, anonymous=200)),
    "datapackage_resource": Case(
        kwargs=lambda w: {"pk": w.published.pk, "name": "begrotingswijzigingen"},
        get=everyone(200, anonymous=200),
    ),
    "woo_sitemap": Case(get=everyone(200, anonymous=200)),
    "api-v1:api-root": Case(get=everyone(404, anonymous=404)),
    "api-v1:openapi-json": Case(get=everyone(200, anonymous=200)),
    "api-v1:list_reports": Case(get=everyone(200, anonymous=200)),
    "api-v1:report": Case(
        kwargs=lambda w: {"report_id": w.published.pk}, get=everyone(200, anonymous=200)
    ),
    "api-v1:budget": Case(
        kwargs=lambda w: {"report_id": w.published.pk}, get=everyone(200, anonymous=200)
    ),
    # Everyone logged in searches what they may read (tests/search: what each finds).
    "search": Case(get=everyone(200), query="q=inkoop"),
    "accessibility": Case(get=everyone(200, anonymous=200)),
    "health": Case(get=everyone(200, anonymous=200)),
    # Reports: internal people see every status; councils only the published one for them.
    "reports:detail": Case(kwargs=_concept, get=only(INTERNAL)),
    "reports:entry_edit": Case(
        kwargs=_entry,
        get=only(["editor", "coordinator"]),
        post=only(["editor", "coordinator"], outcome="done", others=404),
        data=lambda w: {"progress": "Nieuw", "version": w.e1.version},
    ),
    "reports:entry_history": Case(kwargs=_entry, get=only(INTERNAL)),
    "reports:entry_restore": Case(
        kwargs=lambda w: {**_entry(w), "version": 0},
        get=only(INTERNAL, outcome=405, others=405, anonymous="login"),
        post=only(["editor", "coordinator"], outcome="done", others=404),
        data=lambda w: {"version": w.e1.version, "bevestigd": "1"},
    ),
    "reports:remind": Case(
        kwargs=_concept,
        get=only(INTERNAL, outcome=405, others=405, anonymous="login"),
        post=only(["coordinator"], outcome="done", others="refused", **HIDDEN),
        data=lambda w: {"bevestigd": "1", "akkoord": "1"},
    ),
    "reports:submit": Case(
        kwargs=_concept,
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", **HIDDEN),
        data=lambda w: {"bevestigd": "1", "akkoord": "1"},
    ),
    "reports:approve": Case(
        kwargs=_submitted,
        get=everyone(405),
        post=only(["board_exec", "board_noord"], outcome="done", others="refused", **HIDDEN),
        data=lambda w: {"bevestigd": "1", "akkoord": "1"},
    ),
    "reports:send_back": Case(
        kwargs=_submitted,
        get=everyone(405),
        post=only(["board_exec", "board_noord"], outcome="done", others="refused", **HIDDEN),
        data=lambda w: {"reason": "Graag aanvullen"},
    ),
    "reports:publish": Case(
        kwargs=lambda w: {"pk": w.approved.pk},
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", **HIDDEN),
        data=lambda w: {"bevestigd": "1", "akkoord": "1"},
    ),
    "reports:correct": Case(
        kwargs=_published,
        get=everyone(405),
        # Councils see the published report, so they are refused; an outsider sees nothing.
        post=only(["coordinator"], outcome="done", others="refused", outsider=404),
    ),
    "reports:letter_edit": Case(
        kwargs=_concept,
        get=only(["coordinator"], others=404),
        post=only(["coordinator"], outcome="done", others=404),
        data=lambda w: {"letter_reason": "Waarom", "letter_summary": "Kern"},
    ),
    "reports:pdf_download": Case(
        kwargs=lambda w: {"pk": w.published.pk, "council": "noorddorp"},
        get=only([*INTERNAL, "council_noord", "clerk_noord"]),
    ),
    "reports:pdf_rerender": Case(
        kwargs=lambda w: {"pk": w.failed.pk, "council": "noorddorp"},
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", **HIDDEN),
    ),
    # Zienswijzen: the coordinator sends and leads the procedure; each griffie answers for
    # its own council; the board approves Duo+'s reactions; the councils read their own
    # answers (and every answer once the reactions are approved).
    "reports:consultation_send": Case(
        kwargs=lambda w: {"pk": w.cons_approved.pk},
        get=only(["coordinator"]),
        post=only(["coordinator"], outcome="done", others=404),
        data=lambda w: {"term_end": w.cons_term_end, "bevestigd": "1"},
    ),
    "reports:consultation": Case(
        kwargs=lambda w: {"pk": w.cons_open.report_id}, get=only([*INTERNAL, *COUNCILS])
    ),
    "reports:consultation_term": Case(
        kwargs=lambda w: {"pk": w.cons_open.report_id},
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", outsider=404),
        data=lambda w: {
            "termijn-term_end": "2027-12-31",
            "termijn-reason": "Raadsreces",
            "bevestigd": "1",
            "akkoord": "1",
        },
    ),
    "reports:consultation_respond": Case(
        kwargs=lambda w: {"pk": w.cons_open.report_id, "council": "noorddorp"},
        get=only(["clerk_noord"]),
        post=only(["clerk_noord"], outcome="done", others=404),
        data=lambda w: {"kind": "none"},
    ),
    "reports:consultation_decision_file": Case(
        kwargs=lambda w: {"pk": w.cons_open.report_id, "council": "noorddorp", "version": 1},
        get=only([*INTERNAL, "council_noord", "clerk_noord"]),
    ),
    "reports:consultation_consent": Case(
        kwargs=lambda w: {"pk": w.cons_closed.report_id, "council": "noorddorp"},
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", outsider=404),
        data=lambda w: {"toestemming-noorddorp-reason": "Tikfout in het raadsbesluit"},
    ),
    "reports:consultation_reaction": Case(
        kwargs=lambda w: {"pk": w.cons_closed.report_id, "council": "noorddorp"},
        get=only(["coordinator"]),
        post=only(["coordinator"], outcome="done", others=404),
        data=lambda w: {"outcome": "partly", "explanation": "Deels, want …"},
    ),
    "reports:consultation_reactions_submit": Case(
        kwargs=lambda w: {"pk": w.cons_closed.report_id},
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", outsider=404),
        data=lambda w: {"bevestigd": "1"},
    ),
    "reports:consultation_reactions_approve": Case(
        kwargs=lambda w: {"pk": w.cons_submitted.report_id},
        get=everyone(405),
        post=only(["board_exec", "board_noord"], outcome="done", others="refused", outsider=404),
        data=lambda w: {"bevestigd": "1"},
    ),
    "reports:consultation_reactions_send_back": Case(
        kwargs=lambda w: {"pk": w.cons_submitted.report_id},
        get=everyone(405),
        post=only(["board_exec", "board_noord"], outcome="done", others="refused", outsider=404),
        data=lambda w: {"terug-reason": "Graag de circulaire noemen"},
    ),
    "reports:consultation_decision": Case(
        kwargs=lambda w: {"pk": w.cons_reacted.report_id},
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", outsider=404),
        data=lambda w: {"besluit-decision": "adopted", "besluit-decision_date": w.cons_decided_on},
    ),
    "reports:consultation_dispatch": Case(
        kwargs=lambda w: {"pk": w.cons_decided.report_id},
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", outsider=404),
        data=lambda w: {"gs-sent_on": w.cons_decided_on},
    ),
    # The appendix once the reactions are approved: everyone who sees the procedure.
    "reports:consultation_document": Case(
        kwargs=lambda w: {"pk": w.cons_reacted.report_id, "document": w.appendix.pk},
        get=only([*INTERNAL, *COUNCILS]),
    ),
    "reports:consultation_document_remake": Case(
        kwargs=lambda w: {"pk": w.cons_decided.report_id, "document": w.failed_letter.pk},
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", outsider=404),
    ),
    # Technische vragen: the council's side asks and reads (released answers are shared by
    # every council; an open question only by its own council); the coordinator manages.
    "reports:questions": Case(kwargs=_published, get=only([*INTERNAL, *COUNCILS])),
    "reports:question_ask": Case(
        kwargs=_published,
        get=everyone(405),
        post=only(COUNCILS, outcome="done", others="refused", outsider=404),
        data=lambda w: {"passage": "chapter:1.1", "text": "Waarop rust dit bedrag?"},
    ),
    "reports:questions_closing": Case(
        kwargs=_published,
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", outsider=404),
        data=lambda w: {"closes_on": "2030-01-31"},
    ),
    "reports:questions_csv": Case(kwargs=_published, get=only([*INTERNAL, *COUNCILS])),
    "reports:questions_pdf": Case(kwargs=_published, get=only([*INTERNAL, *COUNCILS])),
    # "Opnieuw maken" of a document that failed: the coordinator.
    "reports:questions_pdf_remake": Case(
        kwargs=lambda w: {"pk": w.cons_decided.report_id},
        get=everyone(405),
        post=only(["coordinator"], outcome="done", others="refused", outsider=404),
    ),
    "reports:question": Case(
        kwargs=lambda w: {"pk": w.published.pk, "qid": w.question.pk},
        get=only([*INTERNAL, "council_noord", "clerk_noord"]),
    ),
    "reports:question_assign": Case(
        kwargs=lambda w: {"pk": w.published.pk, "qid": w.question.pk},
        get=everyone(405),
        post=only(
            ["coordinator"], outcome="done", others="refused", council_zuid=404, outsider=404
        ),
        data=lambda w: {"assignee": w.editor.pk},
    ),
    "reports:question_answer": Case(
        kwargs=lambda w: {"pk": w.published.pk, "qid": w.question.pk},
        get=everyone(405),
        post=only(
            ["coordinator"], outcome="done", others="refused", council_zuid=404, outsider=404
        ),
        data=lambda w: {"text": "Het bedrag rust op de offerte.", "version": 1},
    ),
    "reports:question_release": Case(
        kwargs=lambda w: {"pk": w.published.pk, "qid": w.question.pk},
        get=everyone(405),
        post=only(
            ["coordinator"], outcome="done", others="refused", council_zuid=404, outsider=404
        ),
    ),
    "reports:question_merge": Case(
        kwargs=lambda w: {"pk": w.published.pk, "qid": w.question.pk},
        get=everyone(405),
        post=only(
            ["coordinator"], outcome="done", others="refused", council_zuid=404, outsider=404
        ),
        data=lambda w: {"into": w.released_question.pk},
    ),
    # Private notes: the council's side only, each their own.
    "reports:notes": Case(
        kwargs=_published,
        get=only(COUNCILS),
        post=only(COUNCILS, outcome="done", others=404),
        data=lambda w: {"notitie": "chapter-1-1", "chapter-1-1-text": "Eigen notitie"},
    ),
    # Budget.
    "reports:budget_export": Case(
        kwargs=lambda w: {"pk": w.budget_report.pk, "fmt": "csv"}, get=only(INTERNAL)
    ),
    "budget:import": Case(kwargs=lambda w: {"pk": w.budget_report.pk}, get=only(["coordinator"])),
    "budget:import_confirm": Case(
        kwargs=lambda w: {"pk": w.budget_report.pk, "import_pk": w.upload.pk},
        get=only(["coordinator"]),
        post=only(["coordinator"], outcome="done", others=404),
    ),
    # The P&C calendar: for everyone who makes or approves reports; planned by the
    # coordinator (and the functional administrator) of the organisation.
    "calendar_today": Case(get=only(INTERNAL, outcome=302)),
    "calendar": Case(kwargs=lambda w: {"year": 2027}, get=only(INTERNAL)),
    "calendar_generate": Case(
        kwargs=lambda w: {"year": 2031},
        get=everyone(405),
        post=only(["coordinator", "admin"], outcome="done", others=404),
        data=lambda w: {"organisation": w.executing.pk},
    ),
    "round_new": Case(
        kwargs=lambda w: {"year": 2027},
        get=only(["coordinator", "admin"]),
        post=only(["coordinator", "admin"], outcome="done", others=404),
        data=lambda w: _round_data(w),
    ),
    "round_edit": Case(
        kwargs=lambda w: {"pk": w.round.pk},
        get=only(["coordinator", "admin"]),
        post=only(["coordinator", "admin"], outcome="done", others=404),
        data=lambda w: _round_data(w),
    ),
    "round_open": Case(
        kwargs=lambda w: {"pk": w.round.pk},
        get=everyone(405),
        post=only(["coordinator", "admin"], outcome="done", others="refused", **HIDDEN),
        data=lambda w: {"bevestigd": "1", "akkoord": "1"},
    ),
    "round_delete": Case(
        kwargs=lambda w: {"pk": w.round.pk},
        get=everyone(405),
        post=only(["coordinator", "admin"], outcome="done", others="refused", **HIDDEN),
        data=lambda w: {"bevestigd": "1", "akkoord": "1"},
    ),
    # A GET (bookmark, back button) leads to where the address is managed.
    # The council's side manages its agenda link (the terms of the zienswijzen) right here.
    "calendar_feed_manage": Case(
        get=only(INTERNAL, outcome=302, **dict.fromkeys(COUNCILS, 200)),
        post=only([*INTERNAL, *COUNCILS], outcome="done", others=404),
    ),
    # The feed has no login: the secret in the address is the key; a wrong one is 404.
    "calendar_feed": Case(
        kwargs=lambda w: {"token": "geraden-sleutel"}, get=everyone(404, anonymous=404)
    ),
    # Accounts: the login page for everyone; the rest of Django's account pages ask for a
    # login or are open (password reset by e-mail).
    "login": Case(get=everyone(200, anonymous=200)),
    "logout": Case(get=everyone(405, anonymous=405)),
    "two_factor_verify": Case(get=everyone(302)),
    # Anyone may add the second step of their own accord; it is required for some roles.
    "two_factor_setup": Case(get=everyone(200)),
    "password_change": Case(get=everyone(200)),
    "password_change_done": Case(get=everyone(200)),
    "password_reset": Case(get=everyone(200, anonymous=200)),
    "password_reset_done": Case(get=everyone(200, anonymous=200)),
    "password_reset_confirm": Case(
        kwargs=lambda w: {"uidb64": "MQ", "token": "set-password"},
        get=everyone(200, anonymous=200),
    ),
    "password_reset_complete": Case(get=everyone(200, anonymous=200)),
    # The admin: only for staff (is_staff), here the functional administrator.
    "admin:index": Case(get=only(["admin"], others=302, anonymous=302)),
}


def _round_data(w):
    return {
        "organisation": w.executing.pk,
        "title": "Extra ronde",
        "kind": "progress",
        "purpose": "information",
        "period_start": "2027-01-01",
        "period_end": "2027-06-30",
        "programmes": [w.p1.pk],
        "recipients": [w.noord.pk],
        "opens_on": "2027-07-05",
        "entries_due": "2027-07-12",
        "review_due": "2027-07-20",
        "board_meeting": "2027-07-27",
        "dispatch_on": "2027-08-02",
    }


def _names(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                yield "admin:index"  # the admin's own pages follow its index's rule
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def test_every_url_pattern_is_in_the_matrix():
    names = set(_names(get_resolver().url_patterns))
    missing = names - MATRIX.keys()
    assert not missing, f"URLs without a row in the permission matrix: {sorted(missing)}"
    assert not MATRIX.keys() - names, "rows for URLs that no longer exist"
    for name, case in MATRIX.items():
        assert set(case.get) == set(ROLES), name
        assert case.post is None or set(case.post) == set(ROLES), name


@pytest.fixture(scope="module")
def matrix_world(django_db_setup, django_db_blocker):
    """Built once for the module's tests (each test's changes are rolled back)."""
    with built_once(django_db_blocker, "matrix_world"):
        yield _build_matrix_world()


def _build_matrix_world():
    w = add_budget(build_world())
    w.admin.is_staff = True
    w.admin.save()
    w.e1.programme.editors.add(w.editor)

    def report(title):
        r = f.ReportFactory(organisation=w.executing, title=title)
        r.recipients.set([w.noord, w.zuid])
        f.EntryFactory(report=r, programme=w.p1, progress="Tekst.")
        return r

    w.submitted = submit(report("Ingediend"), w.coordinator)
    w.approved = submit(report("Goedgekeurd"), w.coordinator)
    for member in w.board:
        w.approved = workflow.approve_report(report=w.approved, user=member)
    published = submit(report("Gepubliceerd"), w.coordinator)
    for member in w.board:
        published = workflow.approve_report(report=published, user=member)
    w.published = workflow.publish_report(report=published, user=w.coordinator, public=True)
    w.failed = submit(report("Mislukte pdf"), w.coordinator)
    w.failed.pdfs.filter(council=w.noord).update(status="failed", error="kapot")
    (w.round,) = [
        r
        for r in planning_services.generate_year(
            organisation=w.executing, year=2027, user=w.coordinator
        )
        if r.title.startswith("Tweede")
    ]
    w.upload, _result = budget_services.upload_import(
        report=w.budget_report, user=w.coordinator, name=SAMPLE.name, content=SAMPLE.read_bytes()
    )
    _consultations(w, report, TestCase.captureOnCommitCallbacks)
    # A question of Noorddorp with a draft answer, and one of Zuidstad answered.
    w.question = questions.ask_question(
        report=w.published, user=w.council_noord, passage="chapter:1.1", text="Waarom?"
    )
    questions.save_draft(question=w.question, user=w.coordinator, text="Omdat.", version=0)
    w.released_question = questions.ask_question(
        report=w.published, user=w.council_zuid, passage="chapter:1.1", text="Hoeveel?"
    )
    questions.save_draft(question=w.released_question, user=w.coordinator, text="Veel.", version=0)
    questions.release(question=w.released_question, user=w.coordinator)
    # Its document, as if the questions had closed yesterday (rendered now).
    closed = QuestionDocument.objects.create(
        report=w.published, closed_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    documents.render_now(closed)
    return w


def _consultations(w, report, callbacks):
    """The zienswijze procedure in each of its steps: approved (to send), open (a griffie
    answered with a PDF), closed (a reaction written), reactions submitted, reactions
    approved, decided."""

    def approved(title):
        r = report(title)
        r.kind, r.purpose, r.year = "budget", "consultation", 2027
        r.save()
        r = submit(r, w.coordinator)
        for member in w.board:
            r = workflow.approve_report(report=r, user=member)
        return r

    def sent(title, on):
        r = approved(title)
        with time_machine.travel(datetime.datetime(*on, 10, 0), tick=False):
            return consultation.send_for_consultation(report=r, user=w.coordinator)

    def answered(title, on=(2026, 1, 5)):
        c = sent(title, on)
        with time_machine.travel(datetime.datetime(*on, 12, 0), tick=False):
            consultation.record_response(
                consultation=c,
                council=w.noord,
                user=w.clerk_noord,
                kind="view",
                text="De raad vraagt om een lagere indexatie.",
                council_decision_date=datetime.date(*on),
                file_name="besluit.pdf",
                file_content=PDF,
            )
        return c

    w.cons_approved = approved("Ter zienswijze, goedgekeurd")
    w.cons_term_end = consultation.proposed_term(
        report=w.cons_approved, sent_on=timezone.localdate()
    )
    w.cons_open = answered("Ter zienswijze, lopend", on=tuple(timezone.localdate().timetuple())[:3])
    with callbacks(execute=True):
        steps = [answered(f"Ter zienswijze {n}") for n in range(4)]
        for c in steps:
            consultation.save_reaction(
                consultation=c,
                council=w.noord,
                user=w.coordinator,
                outcome="partly",
                explanation="…",
            )
        w.cons_closed = steps[0]
        for c in steps[1:]:
            consultation.submit_reactions(consultation=c, user=w.coordinator)
        w.cons_submitted = steps[1]
        for c in steps[2:]:
            for member in w.board:
                consultation.approve_reactions(consultation=c, user=member)
        w.cons_reacted = steps[2]
        w.cons_decided_on = timezone.localdate()
        consultation.record_decision(
            consultation=steps[3],
            user=w.coordinator,
            decision="adopted",
            decision_date=w.cons_decided_on,
        )
        w.cons_decided = steps[3]
    w.appendix = w.cons_reacted.documents.get(kind="appendix")
    # A letter and the answers' document whose making failed (for "opnieuw maken").
    w.failed_letter = w.cons_decided.documents.filter(kind="letter").first()
    w.failed_letter.__class__.objects.filter(pk=w.failed_letter.pk).update(
        status="failed", error="kapot"
    )
    QuestionDocument.objects.create(
        report_id=w.cons_decided.report_id,
        closed_on=timezone.localdate(),
        status="failed",
        error="kapot",
    )


def _user(w, role):
    return None if role == "anonymous" else getattr(w, role)


def _outcome(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "login"
    return response.status_code


def test_get_matrix(matrix_world, client):
    """Every URL × every role with GET; all differences are listed at once."""
    w, wrong = matrix_world, []
    for name, case in MATRIX.items():
        url = reverse(name, kwargs=case.kwargs(w) if case.kwargs else None)
        url += f"?{case.query}" if case.query else ""
        for role in ROLES:
            client.logout()
            user = _user(w, role)
            if user is not None:
                client.force_login(user)
            outcome = _outcome(client.get(url))
            if outcome != case.get[role]:
                wrong.append(f"GET {name} as {role}: {outcome}, expected {case.get[role]}")
    assert not wrong, "\n".join(wrong)


def test_post_matrix(matrix_world, client):
    """Every changing URL × every role with POST, each tried on the same data (rolled back
    after each try); all differences are listed at once."""
    w, wrong = matrix_world, []
    for name, case in MATRIX.items():
        if case.post is None:
            continue
        for role in ROLES:
            client.logout()
            user = _user(w, role)
            if user is not None:
                client.force_login(user)
            with transaction.atomic():
                savepoint = transaction.savepoint()
                url = reverse(name, kwargs=case.kwargs(w) if case.kwargs else None)
                before = set(AuditEvent.objects.values_list("pk", flat=True))
                response = client.post(url, case.data(w) if case.data else {})
                new = AuditEvent.objects.exclude(pk__in=before)
                done = user is not None and new.filter(result="ok", actor=user).exists()
                traced = new.exclude(result="ok").exists()
                transaction.savepoint_rollback(savepoint)
            outcome = _outcome(response)
            if outcome == 404 and not traced:
                wrong.append(f"POST {name} as {role}: 404 without a trace in the audit log")
            if outcome in ("login", 404):
                if done:
                    wrong.append(f"POST {name} as {role}: {outcome} but the action took effect")
            else:
                outcome = "done" if done else "refused"
            if outcome != case.post[role]:
                wrong.append(f"POST {name} as {role}: {outcome}, expected {case.post[role]}")
    assert not wrong, "\n".join(wrong)


def test_the_matrix_users_hold_every_role_of_the_portal(matrix_world):
    held = {
        m.role
        for role in ROLES
        if role != "anonymous"
        for m in getattr(matrix_world, role).memberships.all()
    }
    assert held == set(Role.values)
