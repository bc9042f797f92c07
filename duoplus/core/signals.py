"""Audit rows for what happens outside the services: logins, failed logins, logouts,
lockouts and changes made in the admin (BIO 8.15.01: who, what, when, from where, result)."""

import time

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import audit
from .audit import AuditAction, AuditResult
from .auth import forget_user
from .middleware import SECOND_STEP_NOT_NEEDED, SESSION_STARTED
from .models import Membership, User

_ADMIN_ACTIONS = {
    1: AuditAction.ADMIN_ADDED,
    2: AuditAction.ADMIN_CHANGED,
    3: AuditAction.ADMIN_DELETED,
}


@receiver(user_logged_in)
def login_recorded(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # The absolute session lifetime counts from here (duoplus.core.middleware).
        request.session[SESSION_STARTED] = time.time()
        request.session.pop(SECOND_STEP_NOT_NEEDED, None)
    audit.record(AuditAction.LOGIN, actor=user, ip=audit.client_ip(request))


@receiver(user_login_failed)
def failed_login_recorded(sender, credentials, request=None, **kwargs):
    # The username as typed (never the password): who was tried, from where.
    audit.record(
        AuditAction.LOGIN,
        result=AuditResult.FAILED,
        ip=audit.client_ip(request),
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_logged_out)
def logout_recorded(sender, request, user, **kwargs):
    if user is not None:
        audit.record(AuditAction.LOGOUT, actor=user, ip=audit.client_ip(request))


@receiver(user_locked_out)
def lockout_recorded(sender, request, username, ip_address, **kwargs):
    audit.refusal(AuditAction.LOGIN_LOCKOUT, ip=ip_address, username=str(username)[:150])


@receiver(post_save, sender=LogEntry)
def admin_change_recorded(sender, instance, created, **kwargs):
    if not created:
        return
    audit.record(
        _ADMIN_ACTIONS.get(instance.action_flag, AuditAction.ADMIN_OTHER),
        actor=instance.user,
        object_type=_label(instance),
        object_id=instance.object_id or "",
        object=instance.object_repr[:200],
        message=instance.get_change_message()[:500],
    )


def _label(entry):
    model = entry.content_type.model_class() if entry.content_type_id else None
    return model._meta.label_lower if model is not None else ""


def _forget(sender, instance, **kwargs):
    """A changed user or membership: the cached user of their sessions goes (core.auth)."""
    forget_user(instance.user_id if isinstance(instance, Membership) else instance.pk)


for _model in (User, Membership):
    post_save.connect(_forget, sender=_model, dispatch_uid=f"forget-{_model.__name__}")
    post_delete.connect(_forget, sender=_model, dispatch_uid=f"forget-del-{_model.__name__}")
