import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from budget.models import BudgetChange, BudgetChangeAmount
from budget.selectors import budget_table
from budget.templatetags.budget import budget_cell
from duoplus.core import workdays
from duoplus.core.models import AuditEvent, Membership, Organisation, User
from programmes.models import Goal, Programme
from reports.consultation import selectors as consultation_selectors
from reports.consultation.models import Consultation, CouncilResponse
from reports.core.models import Report, ReportStatus
from reports.questions.models import Question
from reports.review.models import PDFStatus, ReportPDF
from reports.writing.models import ProgressEntry

ROOT = Path(__file__).resolve().parents[2]
PROD_ENV = {
    "SECRET_KEY": "k3J9-vQ2#pL8_zR5!mW7^tY1&nB4*hD6(sF0)gX2=cV8+eA3-pQ7@wZ5~uN1",
    "ALLOWED_HOSTS": "portaal.duoplus.nl,www.portaal.duoplus.nl",
    "DATABASE_URL": "postgres://u:p@db.example.invalid:5432/duoplus",
}


def manage(*args, env=None):
    unwanted = {*PROD_ENV, "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    base = {k: v for k, v in os.environ.items() if k not in unwanted}
    base.update({"DJANGO_SETTINGS_MODULE": "duoplus.settings.production", **(env or {})})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(PROD_ENV))
def test_production_refuses_to_start_without_required_setting(missing):
    env = {k: v for k, v in PROD_ENV.items() if k != missing}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_check_deploy_is_clean_in_production():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PROD_ENV)
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_health_reports_database_and_eager_broker(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "database": "ok",
        "broker": "eager",
        "cache": "local",
    }


@pytest.mark.django_db
@override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL="redis://127.0.0.1:1/0")
def test_health_is_503_when_broker_is_down(client):
    response = client.get("/health/")
    assert response.status_code == 503
    assert json.loads(response.content)["broker"] == "down"


@pytest.mark.django_db
def test_health_ok_with_real_redis(client, require_redis):
    with override_settings(CELERY_TASK_ALWAYS_EAGER=False, CELERY_BROKER_URL=require_redis):
        response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


@pytest.fixture
def demo(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open(os.devnull, "w"))


def test_seed_demo_loads_the_duo_organisations(demo):
    assert list(Organisation.objects.values_list("name", flat=True)) == [
        "Duo+",
        "Diemen",
        "Ouder-Amstel",
        "Uithoorn",
    ]
    assert Programme.objects.count() == 8
    assert User.objects.filter(is_demo=True).count() == 13
    # Each council has its griffie, holding only that role for that municipality.
    for slug in ("diemen", "ouder-amstel", "uithoorn"):
        clerk = User.objects.get(username=f"griffie-{slug}")
        assert list(clerk.memberships.values_list("role", "organisation__slug")) == [
            ("clerk", slug)
        ]
    published = Report.objects.get(status=ReportStatus.PUBLISHED, purpose="information")
    assert published.title == "Eerste voortgangsrapportage 2021"
    pdfs = ReportPDF.objects.filter(report=published)
    assert sorted(p.council.slug for p in pdfs) == ["diemen", "ouder-amstel", "uithoorn"]
    assert {p.status for p in pdfs} == {PDFStatus.READY}
    assert all(len(p.sha256) == 64 for p in pdfs)
    concept = Report.objects.get(title="Eerste voortgangsrapportage 2022")
    assert concept.status == ReportStatus.CONCEPT
    assert concept.entries.count() == 8
    assert "Governance" in concept.entries.get(programme__slug="governance").progress
    codes = list(BudgetChange.objects.filter(report__year=2024).values_list("code", flat=True))
    assert codes == [
        "7.1.2.3",
        "7.1.2.4",
        "7.1.2.5",
        "7.1.2.6",
        "7.1.3.1",
        "7.1.3.2",
        "7.1.3.3",
        "7.1.3.4",
        "7.1.3.5",
    ]
    amounts = dict(
        BudgetChangeAmount.objects.filter(change__code="7.1.2.3").values_list("year", "amount")
    )
    assert {y: int(a) for y, a in amounts.items()} == {2024: 32000, 2025: 20000, 2026: 24000}
    assert BudgetChangeAmount.objects.get(change__code="7.1.3.2").amount is None  # pm


def test_seed_demo_budget_per_municipality_under_the_demo_key(demo):
    """Seed 004's lines, imported from the sample file, split over the three councils."""
    report = Report.objects.get(year=2024)
    table = budget_table(report=report)
    by_name = {m.organisation.name: m for m in table.municipalities}
    assert list(by_name) == ["Diemen", "Ouder-Amstel", "Uithoorn"]
    diemen = {line.change.code: cells for line, cells in by_name["Diemen"].rows}
    assert [budget_cell(c) for c in diemen["7.1.2.3"]][:3] == [
        "€ 12.960 nadeel",  # 40,5 % of € 32.000
        "€ 8.100 nadeel",
        "€ 9.720 nadeel",
    ]
    ouder_amstel = {line.change.code: cells for line, cells in by_name["Ouder-Amstel"].rows}
    assert budget_cell(ouder_amstel["7.1.2.5"][0]) == "€ 823,25 nadeel"  # 22,25 % of € 3.700
    for index, total in enumerate(table.totals):
        assert sum(m.totals[index].amount for m in table.municipalities) == total.amount


def test_seed_demo_has_an_ontwerpbegroting_ter_zienswijze(demo):
    """Diemen's zienswijze with its raadsbesluit, Ouder-Amstel "geen zienswijze", Uithoorn
    open with the whole term to go, all through the real procedure."""
    consultation = Consultation.objects.get()
    report = consultation.report
    assert report.title == f"Ontwerpbegroting {timezone.localdate().year + 1}"
    assert report.status == ReportStatus.PUBLISHED and report.purpose == "consultation"
    states = {
        s.council.slug: s
        for s in consultation_selectors.council_states(
            consultation=consultation, today=timezone.localdate()
        )
    }
    assert states["diemen"].state == "received"
    assert "informatiehuishouding" in states["diemen"].response.text
    assert states["diemen"].response.decision_file.read(5) == b"%PDF-"
    assert states["ouder-amstel"].state == "none"
    assert states["uithoorn"].state == "open" and states["uithoorn"].days_left >= 84
    assert not consultation.ends_after_board


def test_seed_demo_has_technische_vragen_on_the_2021_report(demo):
    report = Report.objects.get(title="Eerste voortgangsrapportage 2021")
    states = sorted(Question.objects.filter(report=report).values_list("state", flat=True))
    assert states == ["asked", "assigned", "merged", "released"]
    late = Question.objects.get(report=report, state="assigned")
    assert late.due_on < timezone.localdate() and late.council.slug == "ouder-amstel"
    # Due after it was asked, on a working day.
    assert timezone.localdate(late.asked_at) < late.due_on and workdays.is_working_day(late.due_on)
    assert all(
        timezone.localdate(q.asked_at) <= q.due_on for q in Question.objects.exclude(due_on=None)
    )
    merged = Question.objects.get(report=report, state="merged")
    assert merged.merged_into.state == "released" and merged.council.slug == "uithoorn"


def test_seed_demo_is_idempotent(demo, django_capture_on_commit_callbacks):
    models = [
        Organisation,
        User,
        Membership,
        Programme,
        Goal,
        Report,
        ProgressEntry,
        BudgetChange,
        BudgetChangeAmount,
        ReportPDF,
        Consultation,
        CouncilResponse,
        Question,
    ]
    before = {m.__name__: m.objects.count() for m in models}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=open(os.devnull, "w"))
    assert {m.__name__: m.objects.count() for m in models} == before


def test_demo_accounts_only_with_debug(demo, rf):
    request = rf.post("/accounts/login/")  # axes checks every attempt against its request
    with override_settings(DEBUG=False):
        assert authenticate(request, username="coordinator", password="duoplus-demo") is None
    with override_settings(DEBUG=True):
        assert authenticate(request, username="coordinator", password="duoplus-demo") is not None


def test_demo_login_refused_on_login_page_without_debug(demo, client):
    response = client.post(
        "/accounts/login/", {"username": "raad-diemen", "password": "duoplus-demo"}
    )
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.content.decode()


def test_demo_session_is_refused_without_debug(demo, client):
    client.force_login(User.objects.get(username="beheer"))
    assert client.get("/beheer/").status_code == 302  # back to the login page


def test_audit_log_is_read_only_in_admin(demo, client):
    client.force_login(User.objects.create_superuser("fb-echt", "fb@example.invalid", "Xy!9"))
    event = AuditEvent.objects.first()
    assert client.get("/beheer/core/auditevent/").status_code == 200
    assert client.get("/beheer/core/auditevent/add/").status_code == 403
    assert client.post(f"/beheer/core/auditevent/{event.pk}/delete/").status_code == 403


def test_accessibility_statement_is_public_and_in_the_footer(client, settings, world):
    settings.CONTACT_EMAIL = "meldpunt@example.org"
    page = client.get("/toegankelijkheid/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Toegankelijkheidsverklaring" in html and "Nalevingsstatus" in html
    assert 'href="mailto:meldpunt@example.org"' in html
    client.force_login(world.council_noord)
    assert 'href="/toegankelijkheid/"' in client.get("/").content.decode()


def test_entry_history_and_reminders_are_read_only_in_admin(demo, client):
    from reports.writing.models import EntryRevision, ProgressEntry

    client.force_login(User.objects.create_superuser("fb-echt", "fb@example.invalid", "Xy!9"))
    entry = ProgressEntry.objects.filter(version__gt=0).first()
    revision = EntryRevision.objects.filter(entry=entry).first()
    for model in ("progressentry", "entryrevision", "entryreminder"):
        assert client.get(f"/beheer/writing/{model}/").status_code == 200
        assert client.get(f"/beheer/writing/{model}/add/").status_code == 403
    page = client.get(f"/beheer/writing/progressentry/{entry.pk}/change/")
    assert page.status_code == 200 and 'name="progress"' not in page.content.decode()
    assert client.post(f"/beheer/writing/entryrevision/{revision.pk}/delete/").status_code == 403
    assert client.get("/beheer/programmes/programme/add/").status_code == 200  # with indicators
