"""Rules that have one home: refusals are audited through one path that survives the
rollback, and a correction copies every field it should (and the lists say which)."""

import pytest
from django.core.exceptions import PermissionDenied

from budget import copy as budget_copy
from budget import services as budget_services
from budget.models import BudgetChange, BudgetChangeAmount
from duoplus.core.models import AuditEvent, User
from programmes.models import Indicator
from reports.core.models import Report, ReportStatus
from reports.review import workflow
from reports.writing import copy as report_copy
from reports.writing import services
from reports.writing.models import IndicatorValue, ProgressEntry
from tests.budget.helpers import SAMPLE
from tests.workflow_helpers import submit

pytestmark = pytest.mark.django_db

FULL = {
    "ambition": "Doel uitgelegd.",
    "progress": "Gedaan.",
    "costs": "Binnen budget.",
    "status": "on_track",
    "budget_status": "attention",
}


@pytest.mark.parametrize(
    ("model", "copied", "not_copied"),
    [
        (Report, report_copy.REPORT_COPIED, report_copy.REPORT_NOT_COPIED),
        (ProgressEntry, report_copy.ENTRY_COPIED, report_copy.ENTRY_NOT_COPIED),
        (
            IndicatorValue,
            report_copy.INDICATOR_VALUE_COPIED,
            report_copy.INDICATOR_VALUE_NOT_COPIED,
        ),
        (BudgetChange, budget_copy.CHANGE_COPIED, budget_copy.CHANGE_NOT_COPIED),
        (BudgetChangeAmount, budget_copy.AMOUNT_COPIED, budget_copy.AMOUNT_NOT_COPIED),
    ],
)
def test_every_field_is_either_copied_or_deliberately_left_out(model, copied, not_copied):
    """A field added to one of these models and to neither list fails here, so a correction
    can never silently lose it (as the covering letter once was)."""
    fields = report_copy.field_names(model)
    assert not set(copied) & set(not_copied), "a field cannot be both"
    assert fields == set(copied) | set(not_copied), (
        f"{model.__name__}: not handled {sorted(fields - set(copied) - set(not_copied))}, "
        f"unknown {sorted(set(copied) | set(not_copied) - fields)}"
    )


def test_a_correction_carries_the_letter_and_every_other_field(budget_world):
    w = budget_world
    report = w.budget_report
    indicator = Indicator.objects.create(programme=w.p1, name="Aantal", order=1)
    entry = ProgressEntry.objects.create(report=report, programme=w.p1)
    services.save_entry(
        entry=entry,
        user=w.coordinator,
        data={**FULL, "indicators": {indicator.pk: "42"}},
        version=0,
        ready=True,
    )
    services.save_letter(
        report=report,
        user=w.coordinator,
        data={
            "letter_reason": "De aanleiding.",
            "letter_summary": "De **kern**.",
            "letter_risks": "Een risico.",
        },
    )
    assert budget_services.import_budget(
        report=report, name=SAMPLE.name, content=SAMPLE.read_bytes(), user=w.coordinator
    ).ok
    report = submit(report, w.coordinator)
    for member in w.board:
        workflow.approve_report(report=report, user=member)
    workflow.publish_report(report=report, user=w.coordinator)
    published = Report.objects.get(pk=report.pk)

    correction = workflow.start_correction(report=published, user=w.coordinator)

    for name in report_copy.REPORT_COPIED:
        if name == "recipients":
            assert set(correction.recipients.all()) == set(published.recipients.all())
        else:
            assert getattr(correction, name) == getattr(published, name), name
    assert correction.letter_summary == "De **kern**."
    assert (correction.version, correction.supersedes, correction.status) == (
        published.version + 1,
        published,
        ReportStatus.CONCEPT,
    )

    def entries(r):
        return [
            (
                tuple(getattr(e, n) for n in report_copy.ENTRY_COPIED),
                sorted((v.indicator_id, v.value) for v in e.indicator_values.all()),
            )
            for e in r.entries.order_by("programme_id")
        ]

    assert entries(correction) == entries(published)
    assert "42" in str(entries(correction))

    def lines(r):
        return [
            (
                tuple(getattr(c, n) for n in budget_copy.CHANGE_COPIED),
                [tuple(getattr(a, n) for n in budget_copy.AMOUNT_COPIED) for a in c.amounts.all()],
            )
            for c in BudgetChange.objects.filter(report=r).order_by("code")
        ]

    assert lines(correction) and lines(correction) == lines(published)


def test_a_refused_letter_edit_leaves_its_audit_row(world):
    """The refusal is written after the refused action's transaction has rolled back."""
    with pytest.raises(PermissionDenied):
        services.save_letter(report=world.report, user=world.editor, data={"letter_reason": "x"})
    event = AuditEvent.objects.get(action="report.letter")
    assert (event.result, event.actor, event.object_id) == (
        "denied",
        world.editor,
        str(world.report.pk),
    )
    world.report.refresh_from_db()
    assert world.report.letter_reason == ""


def test_a_send_back_and_its_refusal_share_one_action_name(world):
    report = submit(world.report, world.coordinator)
    with pytest.raises(PermissionDenied):
        workflow.send_back_report(report=report, user=world.editor, reason="Nee")
    workflow.send_back_report(report=report, user=world.board_noord, reason="Aanvullen")
    assert sorted(
        AuditEvent.objects.filter(action="report.send_back").values_list("result", flat=True)
    ) == ["denied", "ok"]
    assert not AuditEvent.objects.filter(action="report.concept").exists()


def test_the_admin_cannot_add_a_report(client, world):
    client.force_login(User.objects.create_superuser("fb-super", "fb@example.invalid", "Xy!9"))
    assert client.get("/beheer/reports/report/add/").status_code == 403
