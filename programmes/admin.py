from django.contrib import admin

from .models import Goal, Indicator, Programme


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 1


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "order", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["editors"]
    inlines = [GoalInline, IndicatorInline]
