from django.contrib import admin

from .models import Goal, Programme


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 1


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "order", "is_active"]
    list_filter = ["organisation", "is_active"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["editors"]
    inlines = [GoalInline]
