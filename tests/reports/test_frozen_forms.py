"""What was approved is what every council gets, in every form.

Every URL of the portal that shows a report in some form (page, PDF, spreadsheet export, …)
is listed in FORMS; every other URL that names a report says in NOT_FORMS why it is not a
form of it. A new URL in neither list fails ``test_every_report_url_is_classified``, and
every form is fetched before and after programmes, goals, indicators, keys and budget lines
change, by an internal reader and by a council member: nothing may differ.
"""

import datetime
import io
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from openpyxl import load_workbook

from budget import services as budget_services
from budget.models import AllocationShare, BudgetChange, BudgetChangeAmount
from programmes.models import Goal, Indicator
from reports.review import workflow
from tests import factories as f
from tests.budget.helpers import SAMPLE
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db

# URL name -> the extra kwargs of each variant fetched (besides the report's pk).
FORMS = {
    "reports:detail": [{}],
    "reports:pdf_download": [{"council": "noorddorp"}, {"council": "zuidstad"}],
    "reports:budget_export": [{"fmt": "csv"}, {"fmt": "xlsx"}],
}
# URL names that take a report but are not a form of its content, and why.
NOT_FORMS = {
    "reports:entry_edit": "the editor of one entry: refused from submission on",
    "reports:entry_history": "an entry's saved versions, which never change",
    "reports:entry_restore": "an action (POST) on a concept entry",
    "reports:remind": "an action (POST) on a concept report",
    "reports:letter_edit": "the letter's editor: refused from submission on",
    "reports:submit": "an action (POST)",
    "reports:approve": "an action (POST)",
    "reports:send_back": "an action (POST)",
    "reports:publish": "an action (POST)",
    "reports:correct": "an action (POST)",
    "reports:pdf_rerender": "an action (POST)",
    "reports:consultation_send": "an action on an approved report (its form, then POST)",
    "reports:consultation": "the councils' answers: versions that never change, "
    "tested in tests/consultation",
    "reports:consultation_term": "an action (POST)",
    "reports:consultation_respond": "the griffie's answer: a new version each time",
    "reports:consultation_consent": "an action (POST)",
    "reports:consultation_decision_file": "a raadsbesluit as uploaded, stored by checksum",
    "reports:consultation_reaction": "Duo+'s reaction: refused once submitted",
    "reports:consultation_reactions_submit": "an action (POST)",
    "reports:consultation_reactions_approve": "an action (POST)",
    "reports:consultation_reactions_send_back": "an action (POST)",
    "reports:consultation_decision": "an action (POST)",
    "reports:consultation_dispatch": "an action (POST)",
    "reports:consultation_document": "a rendered PDF, made once, stored by checksum",
    "reports:consultation_document_remake": "an action (POST)",
    "reports:questions": "questions beside the report, not its content (tests/questions)",
    "reports:question_ask": "an action (POST)",
    "reports:questions_closing": "an action (POST)",
    "reports:questions_csv": "questions and released answers: versions that never change",
    "reports:questions_pdf": "rendered once when the questions closed, stored by checksum",
    "reports:questions_pdf_remake": "an action (POST)",
    "reports:question": "one question and its released answer versions",
    "reports:question_assign": "an action (POST)",
    "reports:question_answer": "an action (POST)",
    "reports:question_release": "an action (POST)",
    "reports:question_merge": "an action (POST)",
    "reports:notes": "a council member's private notes, beside the content",
    "budget:import": "the import: refused from submission on",
    "budget:import_confirm": "the import: refused from submission on",
}


def _report_urls(patterns, namespace=""):
    """Names of the URL patterns whose first argument is a report's pk."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            prefix = str(pattern.pattern)
            if "<" in prefix:
                continue
            yield from _report_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            route = str(pattern.pattern)
            if route.startswith("<id:pk>") and namespace in ("reports:", "budget:"):
                yield f"{namespace}{pattern.name}"


def test_every_report_url_is_classified():
    names = set(_report_urls(get_resolver().url_patterns))
    unclassified = names - FORMS.keys() - NOT_FORMS.keys()
    assert not unclassified, (
        f"URLs of a report that are neither a form (FORMS) nor said not to be: {unclassified}"
    )
    assert not (FORMS.keys() | NOT_FORMS.keys()) - names, "rows for URLs that do not exist"


def _normal(response):
    """The body as it must stay: pages without their per-request form tokens."""
    body = response.content if not response.streaming else b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/html"):
        return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", body)
    return body


def _fetch_all(client, users, report):
    bodies = {}
    for who, user in users.items():
        client.force_login(user)
        for name, variants in FORMS.items():
            for extra in variants:
                cache.clear()  # never the cached page: the content itself must be frozen
                response = client.get(reverse(name, kwargs={"pk": report.pk, **extra}))
                bodies[(who, name, tuple(extra.items()))] = (
                    response.status_code,
                    _normal(response),
                )
    return bodies


def _reviewed(w, state):
    """The budget report, with an indicator and an unfinished entry, taken to ``state``."""
    assert budget_services.import_budget(
        report=w.budget_report, name=SAMPLE.name, content=SAMPLE.read_bytes()
    ).ok
    indicator = Indicator.objects.create(programme=w.p1, name="Aantal aanbestedingen", order=1)
    entry = f.EntryFactory(report=w.budget_report, programme=w.p1, progress="Gedaan.")
    entry.indicator_values.create(indicator=indicator, value="12")
    w.indicator = indicator
    report = submit(w.budget_report, w.coordinator)
    if state == "submitted":
        return report
    for member in w.board:
        report = workflow.approve_report(report=report, user=member)
    return workflow.publish_report(report=report, user=w.coordinator)


@pytest.fixture
def published(budget_world):
    w = budget_world
    w.published_budget = _reviewed(w, "published")
    return w


def _change_everything(w):
    w.p1.name = "Inkoop (nieuwe naam)"
    w.p1.save()
    Goal.objects.filter(programme=w.p1).update(text="Een heel ander doel")
    w.indicator.name = "Andere indicator"
    w.indicator.save()
    AllocationShare.objects.filter(organisation=w.noord).update(percentage=Decimal("10"))
    AllocationShare.objects.filter(organisation=w.zuid).update(percentage=Decimal("90"))
    BudgetChange.objects.update(title="Andere titel", explanation="Andere toelichting")
    BudgetChangeAmount.objects.exclude(amount=None).update(amount=Decimal("1.00"))


@pytest.mark.parametrize("state", ["submitted", "published"])
def test_no_form_of_a_frozen_report_changes_with_live_data(budget_world, client, state):
    w = budget_world
    report = _reviewed(w, state)
    users = {"coordinator": w.coordinator, "board": w.board_noord, "council": w.council_noord}
    before = _fetch_all(client, users, report)
    refused = {key for key, (status, _) in before.items() if status != 200}
    if state == "published":
        # A council member gets every form but another council's PDF.
        assert refused == {("council", "reports:pdf_download", (("council", "zuidstad"),))}
    else:
        assert {who for who, *_ in refused} == {"council"}  # not published: nothing for them
    _change_everything(w)
    after = _fetch_all(client, users, report)
    changed = [key for key in before if before[key] != after[key]]
    assert not changed, f"forms that read live data: {changed}"


def test_the_export_follows_the_frozen_content_not_the_key(published, client):
    """The defect as seen: after a key changed, Noorddorp's share in the download changed
    while the page and PDF kept the approved one."""
    w = published
    url = reverse("reports:budget_export", kwargs={"pk": w.published_budget.pk, "fmt": "xlsx"})
    client.force_login(w.coordinator)

    def noord_shares():
        sheet = load_workbook(io.BytesIO(client.get(url).content))["Gevolgen per gemeente"]
        return [
            row for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "Noorddorp"
        ]

    before = noord_shares()
    assert before and before[0][3] == 32000 * 0.6  # 60 % of 7.1.2.3's € 32.000 in 2024
    AllocationShare.objects.filter(organisation=w.noord).update(percentage=Decimal("10"))
    AllocationShare.objects.filter(organisation=w.zuid).update(percentage=Decimal("90"))
    assert noord_shares() == before
    # Sent back to concept (a new report here: a concept one) the export is live.
    concept = f.ReportFactory(organisation=w.executing, kind="budget", year=2024)
    concept.recipients.set([w.noord, w.zuid])
    assert budget_services.import_budget(
        report=concept, name=SAMPLE.name, content=SAMPLE.read_bytes()
    ).ok
    live = load_workbook(
        io.BytesIO(
            client.get(
                reverse("reports:budget_export", kwargs={"pk": concept.pk, "fmt": "xlsx"})
            ).content
        )
    )["Gevolgen per gemeente"]
    noord = [r for r in live.iter_rows(min_row=2, values_only=True) if r[0] == "Noorddorp"]
    assert noord[0][3] == 3200  # 10 % now


def test_a_council_member_exports_only_their_own_councils_share(published, client):
    w = published
    client.force_login(w.council_noord)
    response = client.get(
        reverse("reports:budget_export", kwargs={"pk": w.published_budget.pk, "fmt": "xlsx"})
    )
    assert response.status_code == 200
    assert "Noorddorp" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content))["Gevolgen per gemeente"]
    municipalities = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]}
    assert municipalities == {"Noorddorp"}
    # Internally, every municipality.
    client.force_login(w.coordinator)
    response = client.get(
        reverse("reports:budget_export", kwargs={"pk": w.published_budget.pk, "fmt": "xlsx"})
    )
    sheet = load_workbook(io.BytesIO(response.content))["Gevolgen per gemeente"]
    municipalities = {row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[1]}
    assert municipalities == {"Noorddorp", "Zuidstad"}


def test_the_xlsx_export_is_the_same_bytes_every_time(published, client):
    client.force_login(published.coordinator)
    url = reverse(
        "reports:budget_export", kwargs={"pk": published.published_budget.pk, "fmt": "xlsx"}
    )
    first = client.get(url).content
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(hours=1)):
        client.force_login(published.coordinator)
        assert client.get(url).content == first  # not even the document's date changes
