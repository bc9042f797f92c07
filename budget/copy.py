"""The budget lines a correction carries: every field of a budget change and of its amounts
is either copied or deliberately left out, in the lists below (a test holds them complete)."""

from django.db import transaction

from reports.core.models import Report
from reports.writing.copy import copied_values

from .models import BudgetChange, BudgetChangeAmount

CHANGE_COPIED = ("code", "title", "category", "programme", "allocation_key", "explanation")
CHANGE_NOT_COPIED = {"id": "a new row", "report": "the new version"}
AMOUNT_COPIED = ("year", "amount", "effect", "recurring")
AMOUNT_NOT_COPIED = {"id": "a new row", "change": "the new line"}


def copy_changes(*, source: Report, target: Report) -> int:
    """Copy every budget line of report ``source`` (with its amounts) to report ``target``.
    Returns the number of lines copied."""
    with transaction.atomic():
        changes = list(BudgetChange.objects.filter(report=source).prefetch_related("amounts"))
        for change in changes:
            new = BudgetChange.objects.create(**copied_values(change, CHANGE_COPIED), report=target)
            BudgetChangeAmount.objects.bulk_create(
                BudgetChangeAmount(**copied_values(amount, AMOUNT_COPIED), change=new)
                for amount in change.amounts.all()
            )
    return len(changes)
