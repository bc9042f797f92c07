"""Backup and restore (BIO 12.3.1): every record out with export_data, into an empty
database with import_data, and nothing lost or changed."""

import os

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from duoplus.management.commands.export_data import EXCLUDED


def _kept_models():
    skipped = {label for label in EXCLUDED if "." in label}
    skipped_apps = {label for label in EXCLUDED if "." not in label}
    for model in apps.get_models():
        if model._meta.app_label in skipped_apps or model._meta.label_lower in skipped:
            continue
        yield model


def _everything():
    return {
        model._meta.label_lower: list(model.objects.order_by("pk").values())
        for model in _kept_models()
    }


@pytest.mark.django_db(transaction=True)
def test_export_and_import_into_an_empty_database_loses_nothing(tmp_path):
    call_command("seed_demo", stdout=open(os.devnull, "w"))
    # What the demo does not make: an uploaded spreadsheet (binary content) waiting for its
    # confirmation, and a second-step device with recovery codes.
    from django_otp.plugins.otp_static.models import StaticDevice

    from budget import services as budget_services
    from duoplus.core.models import User
    from reports.core.models import Report
    from tests.budget.helpers import SAMPLE

    coordinator = User.objects.get(username="coordinator")
    budget_services.upload_import(
        report=Report.objects.get(title__startswith="Begroting 2024"),
        user=coordinator,
        name=SAMPLE.name,
        content=SAMPLE.read_bytes() + b"\n",
    )
    StaticDevice.objects.create(user=coordinator, name="Herstelcodes").token_set.create(
        token="abc12345"
    )
    before = _everything()
    counts = {label: len(rows) for label, rows in before.items() if rows}
    # The demo touches the tables that matter: reports, entries and their versions, budget
    # lines and amounts, approvals with checksums, PDFs, frozen content, the audit log.
    for label in (
        "reports.report",
        "writing.entryrevision",
        "review.approval",
        "review.reportpdf",
        "review.frozencontent",
        "budget.budgetchangeamount",
        "budget.budgetimport",
        "core.auditevent",
        "core.membership",
        "otp_static.statictoken",
    ):
        assert counts.get(label), label
    target = tmp_path / "duoplus.json.gz"
    call_command("export_data", str(target), stdout=open(os.devnull, "w"))
    with pytest.raises(CommandError, match="niet leeg"):
        call_command("import_data", str(target))
    call_command("flush", interactive=False, verbosity=0)
    assert not any(_everything().values())
    call_command("import_data", str(target), stdout=open(os.devnull, "w"))
    assert _everything() == before
