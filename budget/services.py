"""State-changing actions on budget data: the spreadsheet import.

The import pages and the ``import_budget`` command call these functions (the admin edits
single lines of a concept report directly; from submission on it shows them read-only).
"""

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from duoplus.core import audit
from duoplus.core.audit import AuditAction
from duoplus.core.changes import report_content_changed
from reports.core.models import Report

from . import importer, policy
from .importer import Action, RowError
from .models import BudgetChange, BudgetChangeAmount, BudgetImport
from .spreadsheet import SpreadsheetError, read_rows


@dataclass
class ImportResult:
    errors: list = field(default_factory=list)
    plan: list = field(default_factory=list)
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def counts(self) -> Counter[str]:
        return Counter(p.action for p in self.plan)

    @property
    def changes_anything(self) -> bool:
        return any(p.action in (Action.NEW, Action.CHANGED, Action.REMOVED) for p in self.plan)

    def summary(self) -> str:
        counts = self.counts
        return _(
            "%(new)s nieuw, %(changed)s gewijzigd, %(unchanged)s ongewijzigd, "
            "%(removed)s verwijderd, %(kept)s niet in het bestand"
        ) % {
            "new": counts[Action.NEW],
            "changed": counts[Action.CHANGED],
            "unchanged": counts[Action.UNCHANGED],
            "removed": counts[Action.REMOVED],
            "kept": counts[Action.KEPT],
        }


def size_error(size: int) -> str | None:
    """Why a file of ``size`` bytes is refused before reading it, or None."""
    if size > settings.BUDGET_IMPORT_MAX_BYTES:
        limit = settings.BUDGET_IMPORT_MAX_BYTES // (1024 * 1024)
        return _("Het bestand is groter dan %(mb)s MB.") % {"mb": limit}
    return None


def check_import(
    *, report: Report, name: str, content: bytes, remove_missing: bool = False
) -> ImportResult:
    """Read and check a file against ``report`` without storing anything (the dry run)."""
    problem = size_error(len(content))
    if problem:
        return ImportResult(errors=[RowError(0, "", problem)])
    try:
        header, rows = read_rows(name, content, settings.BUDGET_IMPORT_MAX_ROWS)
    except SpreadsheetError as exc:
        return ImportResult(errors=[RowError(0, "", str(exc))])
    changes, errors = importer.parse(report, header, rows)
    if errors:
        return ImportResult(errors=sorted(errors, key=lambda e: (e.row, e.column)))
    return ImportResult(plan=importer.plan(report, changes, remove_missing=remove_missing))


@audit.refusals_recorded(AuditAction.BUDGET_IMPORT, obj="report")
def import_budget(
    *,
    report: Report,
    name: str,
    content: bytes,
    user: Any = None,
    dry_run: bool = False,
    remove_missing: bool = False,
    ip: str | None = None,
) -> ImportResult:
    """Import budget lines from a CSV/XLSX file into ``report``: all or nothing.

    Returns an ImportResult. With errors nothing is stored. Importing the same file again
    changes nothing. Only a concept report takes an import (its budget is not yet frozen);
    a user, when given, must be allowed to import (the command runs without one).
    """
    if dry_run:
        problem = policy.import_refusal(user=user, report=report)
        if problem:
            raise PermissionDenied(problem)
        return check_import(
            report=report, name=name, content=content, remove_missing=remove_missing
        )
    with transaction.atomic():
        locked = type(report).objects.select_for_update().get(pk=report.pk)
        problem = policy.import_refusal(user=user, report=locked)
        if problem:
            raise PermissionDenied(problem)
        result = check_import(
            report=locked, name=name, content=content, remove_missing=remove_missing
        )
        if not result.ok:
            return result
        result.applied = True
        if not result.changes_anything:
            return result  # the same file again: nothing to store, nothing to log
        _apply(locked, result.plan)
        counts: dict[str, Any] = {
            key.replace(" ", "_"): value for key, value in result.counts.items()
        }
        audit.record(
            AuditAction.BUDGET_IMPORT,
            actor=user,
            obj=locked,
            ip=ip,
            file=name[:120],
            sha256=hashlib.sha256(content).hexdigest(),
            **counts,
        )
    return result


def _values(parsed: Any) -> dict[str, Any]:
    return {
        "title": parsed.title,
        "category": parsed.category,
        "programme": parsed.programme,
        "explanation": parsed.explanation,
        "allocation_key": parsed.allocation_key,
    }


def _apply(report: Report, plan: list[Any]) -> None:
    """Store the plan: new changes (most of a first import) in a few bulk inserts, changed
    ones one by one, removed ones deleted (inside the importing transaction)."""
    report_content_changed([report.pk])
    new = [item.parsed for item in plan if item.action == Action.NEW]
    if new:
        changes = BudgetChange.objects.bulk_create(
            [BudgetChange(report=report, code=parsed.code, **_values(parsed)) for parsed in new],
            batch_size=1000,
        )
        BudgetChangeAmount.objects.bulk_create(
            [
                BudgetChangeAmount(
                    change=change,
                    year=year,
                    amount=amount.amount,
                    effect=amount.effect,
                    recurring=amount.recurring,
                )
                for change, parsed in zip(changes, new, strict=True)
                for year, amount in parsed.amounts.items()
            ],
            batch_size=2000,
        )
    for item in plan:
        if item.action == Action.REMOVED:
            item.existing.delete()
        elif item.action == Action.CHANGED:
            parsed = item.parsed
            change, _created = BudgetChange.objects.update_or_create(
                report=report, code=parsed.code, defaults=_values(parsed)
            )
            current = {a.year: a for a in change.amounts.all()}
            for year, amount in current.items():
                if year not in parsed.amounts:
                    amount.delete()
            for year, new_amount in parsed.amounts.items():
                old = current.get(year)
                if old is None:
                    BudgetChangeAmount.objects.create(
                        change=change,
                        year=year,
                        amount=new_amount.amount,
                        effect=new_amount.effect,
                        recurring=new_amount.recurring,
                    )
                elif (old.amount, old.effect, old.recurring) != new_amount.values():
                    old.amount, old.effect, old.recurring = new_amount.values()
                    old.save(update_fields=["amount", "effect", "recurring"])


@audit.refusals_recorded(AuditAction.BUDGET_IMPORT, obj="report")
def upload_import(
    *,
    report: Report,
    user: Any,
    name: str,
    content: bytes,
    remove_missing: bool = False,
    ip: str | None = None,
) -> tuple[BudgetImport | None, ImportResult]:
    """Check an uploaded file; keep it (for the confirmation step) when it is valid.

    Returns (BudgetImport or None, ImportResult).
    """
    problem = policy.import_refusal(user=user, report=report)
    if problem:
        raise PermissionDenied(problem)
    result = check_import(report=report, name=name, content=content, remove_missing=remove_missing)
    if not result.ok:
        return None, result
    upload = BudgetImport.objects.create(
        report=report,
        uploaded_by=user,
        file_name=name[:255],
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        remove_missing=remove_missing,
    )
    return upload, result


def confirm_import(*, upload: BudgetImport, user: Any, ip: str | None = None) -> ImportResult:
    """Import a file kept by ``upload_import`` (checked again: the report may have moved)."""
    if upload.applied_at is not None:
        raise ValidationError(_("Dit bestand is al ingelezen."))
    result = import_budget(
        report=upload.report,
        name=upload.file_name,
        content=bytes(upload.content),
        user=user,
        remove_missing=upload.remove_missing,
        ip=ip,
    )
    if result.applied:
        upload.applied_at = timezone.now()
        upload.summary = dict(result.counts)
        upload.save(update_fields=["applied_at", "summary"])
    return result
