"""Audit rows for what happens outside the services: logins, failed logins, logouts,
lockouts and changes made in the admin (BIO 8.15.01: who, what, when, from where, result)."""

import time

from axes.signals import user_locked_out
from django.contrib.admin.models import LogEntry
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import audit
from .middleware import SECOND_STEP_NOT_NEEDED, SESSION_STARTED

_ADMIN_ACTIONS = {1: "added", 2: "changed", 3: "deleted"}


@receiver(user_logged_in)
def login_recorded(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        # The absolute session lifetime counts from here (duoplus.middleware).
        request.session[SESSION_STARTED] = time.time()
        request.session.pop(SECOND_STEP_NOT_NEEDED, None)
    audit.record("login", actor=user, ip=audit.client_ip(request))


@receiver(user_login_failed)
def failed_login_recorded(sender, credentials, request=None, **kwargs):
    # The username as typed (never the password): who was tried, from where.
    audit.record(
        "login",
        result="failed",
        ip=audit.client_ip(request),
        username=str(credentials.get("username", ""))[:150],
    )


@receiver(user_logged_out)
def logout_recorded(sender, request, user, **kwargs):
    if user is not None:
        audit.record("logout", actor=user, ip=audit.client_ip(request))


@receiver(user_locked_out)
def lockout_recorded(sender, request, username, ip_address, **kwargs):
    audit.record("login.lockout", result="denied", ip=ip_address, username=str(username)[:150])


@receiver(post_save, sender=LogEntry)
def admin_change_recorded(sender, instance, created, **kwargs):
    if not created:
        return
    audit.record(
        f"admin.{_ADMIN_ACTIONS.get(instance.action_flag, 'other')}",
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
    from django.contrib.auth import get_user_model

    from .auth import forget_user
    from .models import Membership

    if isinstance(instance, get_user_model()):
        forget_user(instance.pk)
    elif isinstance(instance, Membership):
        forget_user(instance.user_id)


def _connect_cache_invalidation():
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete

    from .models import Membership

    for model in (get_user_model(), Membership):
        post_save.connect(_forget, sender=model, dispatch_uid=f"forget-{model.__name__}")
        post_delete.connect(_forget, sender=model, dispatch_uid=f"forget-del-{model.__name__}")


_connect_cache_invalidation()
