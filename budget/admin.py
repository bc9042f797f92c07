from typing import Any

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet

from duoplus.core.admin import ReadOnlyAdmin

from .allocation import AllocationError, validate_percentages
from .models import (
    AllocationKey,
    AllocationShare,
    BudgetCategory,
    BudgetChange,
    BudgetChangeAmount,
    BudgetImport,
)


class AllocationShareFormSet(BaseInlineFormSet):
    """The shares of a key must add up to exactly 100 %: checked before anything is saved."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        percentages = [
            form.cleaned_data["percentage"]
            for form in self.forms
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("percentage") is not None
        ]
        try:
            validate_percentages(percentages)
        except AllocationError as exc:
            raise ValidationError(str(exc)) from None


# Dutch input in the admin too: "37,25" and "8.000,50".
LOCALIZED: dict[type[models.Field], dict[str, Any]] = {models.DecimalField: {"localize": True}}


class AllocationShareInline(admin.TabularInline):
    model = AllocationShare
    formset = AllocationShareFormSet
    formfield_overrides = LOCALIZED
    extra = 0


@admin.register(AllocationKey)
class AllocationKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from_year", "is_default"]
    inlines = [AllocationShareInline]


@admin.register(BudgetCategory)
class BudgetCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]


def _frozen(change):
    """Lines of a report that left concept are what was submitted: they no longer change."""
    return change is not None and change.report_id and not change.report.is_concept


class BudgetChangeAmountInline(admin.TabularInline):
    model = BudgetChangeAmount
    formfield_overrides = LOCALIZED
    extra = 0

    def has_add_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(BudgetChange)
class BudgetChangeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "category", "report"]
    list_filter = ["category", "report"]
    search_fields = ["code", "title"]
    inlines = [BudgetChangeAmountInline]

    def has_change_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not _frozen(obj) and super().has_delete_permission(request, obj)


@admin.register(BudgetImport)
class BudgetImportAdmin(ReadOnlyAdmin):
    """The record of uploaded spreadsheets: read-only."""

    list_display = ["file_name", "report", "uploaded_by", "created_at", "applied_at"]
    list_filter = ["report"]
    exclude = ["content"]
    readonly_fields = [
        "report",
        "uploaded_by",
        "file_name",
        "sha256",
        "remove_missing",
        "created_at",
        "applied_at",
        "summary",
    ]
