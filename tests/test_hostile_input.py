"""Random, huge, malformed and hostile input to every form and to the import (ASVS V5.1):
never a server error, always an answer in Dutch, nothing half-saved.

Text is drawn from the whole of Unicode with control characters, NUL bytes, script tags,
lone surrogates' replacements, right-to-left marks and very long strings (up to 1 MB)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budget.models import BudgetChange, BudgetImport
from reports.core.models import Report
from reports.writing.models import EntryRevision, ProgressEntry

pytestmark = pytest.mark.django_db

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "\x00\x01\x02\x1b[31m",
            "‮gnp.exe",
            "' OR 1=1 --",
            "{{ 7*7 }}{% debug %}",
            "[x](javascript:alert(1))",
            '=HYPERLINK("http://x")',
            "\ud7ff\ufffe\uffff",
        ]
    ),
    st.builds(lambda n, c: c * n, st.integers(100_000, 1_000_001), st.sampled_from("aé<\n")),
)
DUTCH = ("niet", "Geef", "Kies", "fout", "klopt", "mag", "tekens", "opgeslagen", "verplicht")
# A body over DATA_UPLOAD_MAX_MEMORY_SIZE is refused before any view: templates/400.html.
SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _snapshot(model, **filters):
    return list(model.objects.filter(**filters).order_by("pk").values())


# Where a refusal is said: the error summary of a form, a message, the import's error list,
# the page for a request refused before any view (templates/400.html), the lockout page.
ERROR_MARKERS = (
    'class="error-summary"',
    "message-error",
    "message-success",
    "Dit verzoek kon niet worden verwerkt",
    "Tijdelijk geblokkeerd",
)


def _said_in_dutch(response):
    """The answer names the problem in a place meant for it, in Dutch."""
    page = response.content.decode()
    return any(m in page for m in ERROR_MARKERS) and any(word in page for word in DUTCH)


@SETTINGS
@given(progress=HOSTILE, costs=HOSTILE, status=HOSTILE, version=HOSTILE)
def test_entry_form(world, client, progress, costs, status, version):
    client.force_login(world.editor)
    entry = ProgressEntry.objects.get(pk=world.e1.pk)
    before = (_snapshot(ProgressEntry, pk=entry.pk), EntryRevision.objects.count())
    url = reverse("reports:entry_edit", args=[world.report.pk, entry.pk])
    response = client.post(
        url, {"progress": progress, "costs": costs, "status": status, "version": version}
    )
    assert response.status_code in (200, 302, 400, 409)
    if response.status_code != 302:
        assert _said_in_dutch(response)
        assert (_snapshot(ProgressEntry, pk=entry.pk), EntryRevision.objects.count()) == before


@SETTINGS
@given(reason=HOSTILE, summary=HOSTILE, risks=HOSTILE)
def test_letter_form(world, client, reason, summary, risks):
    client.force_login(world.coordinator)
    before = _snapshot(Report, pk=world.report.pk)
    response = client.post(
        reverse("reports:letter_edit", args=[world.report.pk]),
        {"letter_reason": reason, "letter_summary": summary, "letter_risks": risks},
    )
    assert response.status_code in (200, 302, 400)
    if response.status_code != 302:
        assert _said_in_dutch(response) and _snapshot(Report, pk=world.report.pk) == before
    else:
        page = client.get(world.report.get_absolute_url())
        assert page.status_code == 200 and "<script>alert" not in page.content.decode()


@SETTINGS
@given(reason=HOSTILE)
def test_send_back_form(world, client, reason):
    from tests.workflow_helpers import submit

    report = Report.objects.get(pk=world.report.pk)
    if report.status == "concept":
        report = submit(report, world.coordinator)
    client.force_login(world.board_noord)
    response = client.post(reverse("reports:send_back", args=[report.pk]), {"reason": reason})
    assert response.status_code in (302, 400)
    report.refresh_from_db()
    if response.status_code == 400:
        assert _said_in_dutch(response) and report.status == "submitted"


@SETTINGS
@given(entries=st.lists(HOSTILE, max_size=5))
def test_remind_form(world, client, entries):
    client.force_login(world.coordinator)
    response = client.post(
        reverse("reports:remind", args=[world.report.pk]),
        {"entry": entries, "bevestigd": "1"},
        follow=True,
    )
    assert response.status_code in (200, 400) and _said_in_dutch(response)


@SETTINGS
@given(van=HOSTILE, naar=HOSTILE)
def test_compare_form(world, client, van, naar):
    client.force_login(world.editor)
    url = reverse("reports:entry_history", args=[world.report.pk, world.e1.pk])
    response = client.get(url, {"van": van[:2000], "naar": naar[:2000]})
    assert response.status_code in (200, 400)


@SETTINGS
@given(username=HOSTILE, password=HOSTILE)
def test_login_form(db, client, username, password):
    response = client.post(
        reverse("login"), {"username": username[:5000], "password": password[:5000]}
    )
    assert response.status_code in (200, 400, 429)
    assert _said_in_dutch(response) or "geblokkeerd" in response.content.decode()


@SETTINGS
@given(token=HOSTILE)
def test_second_step_form(world, client, token):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.get_or_create(user=world.board_noord, name="app", confirmed=True)
    client.force_login(world.board_noord)
    response = client.post(reverse("two_factor_verify"), {"otp_token": token})
    assert response.status_code in (200, 400) and _said_in_dutch(response)


@SETTINGS
@given(
    content=st.one_of(
        st.binary(max_size=5000),
        st.text(max_size=3000).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.lists(HOSTILE.map(lambda t: t[:200]), max_size=12), max_size=20).map(
            lambda rows: "\n".join(";".join(cells) for cells in rows).encode(
                "utf-8", "surrogatepass"
            )
        ),
    ),
    name=st.sampled_from(["wijzigingen.csv", "wijzigingen.xlsx", "x.exe", "../../etc/passwd"]),
)
def test_budget_import(budget_world, client, content, name):
    w = budget_world
    client.force_login(w.coordinator)
    before = (
        _snapshot(BudgetChange),
        BudgetImport.objects.filter(applied_at__isnull=False).count(),
    )
    upload = SimpleUploadedFile(name, content)
    response = client.post(
        reverse("budget:import", args=[w.budget_report.pk]), {"file": upload}, follow=True
    )
    assert response.status_code in (200, 400)
    # Checking a file stores nothing; only the confirmation step imports.
    after = (_snapshot(BudgetChange), BudgetImport.objects.filter(applied_at__isnull=False).count())
    assert after == before
    if response.redirect_chain == []:
        assert _said_in_dutch(response)


def test_an_xlsx_that_is_a_zip_bomb_or_not_a_zip_is_refused_in_dutch(budget_world, client):
    import zipfile

    client.force_login(budget_world.coordinator)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 150_000_000)
    for content in (buffer.getvalue(), b"PK\x03\x04 niet echt"):
        response = client.post(
            reverse("budget:import", args=[budget_world.budget_report.pk]),
            {"file": SimpleUploadedFile("b.xlsx", content)},
        )
        assert response.status_code == 400 and _said_in_dutch(response)
    assert not BudgetChange.objects.exists()
