from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import AuditEvent, AuthenticatorApp, Membership, Organisation, RecoveryCodes, User


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records that only the application writes: viewable, never added or changed here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class AppendOnlyAdmin(ReadOnlyAdmin):
    """Records kept for good (audit log, versions): not deleted either."""

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(admin.TabularInline):
    """Related records shown on a parent's page, never edited there."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["organisation"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "council_name", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
    list_display = ["username", "first_name", "last_name", "email", "is_active", "is_demo"]
    list_filter = ["is_active", "is_demo", "memberships__role", "memberships__organisation"]
    fieldsets = BaseUserAdmin.fieldsets + ((_("Demo"), {"fields": ["is_demo"]}),)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organisation", "role"]
    list_filter = ["role", "organisation"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(AuditEvent)
class AuditEventAdmin(AppendOnlyAdmin):
    """Read-only: nobody edits or deletes the audit log through the application."""

    list_display = ["at", "action", "result", "actor", "object_type", "object_id", "ip"]
    list_filter = ["action", "result"]
    search_fields = ["actor__username", "object_id", "ip"]
    date_hierarchy = "at"


# The second step's devices under Dutch names (a lost phone: delete the user's app here).
for device, proxy, device_admin in (
    (TOTPDevice, AuthenticatorApp, TOTPDeviceAdmin),
    (StaticDevice, RecoveryCodes, StaticDeviceAdmin),
):
    if admin.site.is_registered(device):
        admin.site.unregister(device)
    admin.site.register(proxy, device_admin)
