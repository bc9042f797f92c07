from django.contrib import admin

from .models import AllocationKey, AllocationShare, BudgetCategory, BudgetChange, BudgetChangeAmount


class AllocationShareInline(admin.TabularInline):
    model = AllocationShare
    extra = 0


@admin.register(AllocationKey)
class AllocationKeyAdmin(admin.ModelAdmin):
    list_display = ["name", "valid_from_year"]
    inlines = [AllocationShareInline]


@admin.register(BudgetCategory)
class BudgetCategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "order"]


class BudgetChangeAmountInline(admin.TabularInline):
    model = BudgetChangeAmount
    extra = 0


@admin.register(BudgetChange)
class BudgetChangeAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "category", "report"]
    list_filter = ["category", "report"]
    search_fields = ["code", "title"]
    inlines = [BudgetChangeAmountInline]
