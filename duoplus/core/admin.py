from django.contrib import admin
from django.contrib import messages as admin_messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.admin import StaticDeviceAdmin
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import messages, outbox
from .audit import client_ip
from .models import (
    AuditEvent,
    AuthenticatorApp,
    Membership,
    Message,
    MessageState,
    Organisation,
    RecoveryCodes,
    User,
)


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
    fieldsets = (*(BaseUserAdmin.fieldsets or ()), (_("Demo"), {"fields": ["is_demo"]}))


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


class MessageKindFilter(admin.SimpleListFilter):
    title = _("soort")
    parameter_name = "soort"

    def lookups(self, request, model_admin):
        return [(kind.name, kind.label) for kind in messages.kinds()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(Message)
class MessageAdmin(AppendOnlyAdmin):
    """The outbox: every e-mail, whether it was sent, and if not, why (dropped: no address,
    an inactive account, no longer needed; failed: the mail server refused it every time).
    Written only by the application; a failed one can be sent again."""

    list_display = ["created_at", "kind_label", "recipient", "state", "subject", "reason"]
    list_filter = ["state", MessageKindFilter]
    search_fields = ["recipient__username", "recipient__email", "key", "subject"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "kind",
        "key",
        "recipient",
        "state",
        "attempts",
        "next_attempt_at",
        "subject",
        "reason",
        "created_at",
        "sent_at",
    ]
    actions = ["retry_failed"]

    @admin.display(description=_("soort"), ordering="kind")
    def kind_label(self, obj):
        return messages.label(obj.kind)

    @admin.action(description=_("Mislukte e-mails opnieuw versturen"))
    def retry_failed(self, request, queryset):
        retried = [
            outbox.retry(message=message, user=request.user, ip=client_ip(request))
            for message in queryset.filter(state=MessageState.FAILED)
        ]
        self.message_user(
            request,
            _("%(count)s e-mail(s) opnieuw in de wachtrij gezet.") % {"count": len(retried)},
            admin_messages.SUCCESS,
        )


# The second step's devices under Dutch names (a lost phone: delete the user's app here).
for device, proxy, device_admin in (
    (TOTPDevice, AuthenticatorApp, TOTPDeviceAdmin),
    (StaticDevice, RecoveryCodes, StaticDeviceAdmin),
):
    if admin.site.is_registered(device):
        admin.site.unregister(device)
    admin.site.register(proxy, device_admin)
