"""Write audit events: to the append-only table and to the structured log."""

import ipaddress
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import PermissionDenied

from .models import AuditEvent

logger = logging.getLogger("duoplus.audit")


def client_ip(request):
    """The client's address: REMOTE_ADDR, or, behind TRUSTED_PROXY_COUNT reverse proxies
    that each append to X-Forwarded-For, the address the outermost of them saw. Entries to
    the left of those are the client's own claims and are never believed. One rule for the
    audit log and the login lockout (AXES_CLIENT_IP_CALLABLE)."""
    if request is None:
        return None
    proxies = settings.TRUSTED_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies > 0 and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if len(hops) >= proxies:
            candidate = hops[-proxies]
            try:
                return str(ipaddress.ip_address(candidate))
            except ValueError:
                logger.warning("audit: unusable X-Forwarded-For entry %r", candidate[:100])
    return request.META.get("REMOTE_ADDR") or None


def record(
    action, *, actor=None, obj=None, result="ok", ip=None, object_type="", object_id="", **detail
):
    """Store one audit event; call it inside the transaction of the change it describes.
    ``object_type``/``object_id`` name the object when there is no instance (``obj``)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    event = AuditEvent.objects.create(
        actor=actor,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else object_type,
        object_id=str(obj.pk) if obj is not None else str(object_id),
        result=result,
        ip=ip,
        detail=detail,
    )
    logger.info(
        "audit action=%s result=%s actor=%s object=%s:%s ip=%s",
        action,
        result,
        getattr(actor, "username", "-"),
        event.object_type or "-",
        event.object_id or "-",
        ip or "-",
        extra={"audit": {"action": action, "result": result, **detail}},
    )
    return event


def denied(request, action, obj=None, **detail):
    """Record that ``request``'s user was refused ``action`` (on ``obj``), from where."""
    return record(
        action, actor=request.user, obj=obj, result="denied", ip=client_ip(request), **detail
    )


@contextmanager
def denials_recorded(action, *, actor, obj, ip=None):
    """Record a refused action after its transaction has rolled back, then re-raise.

    Wrap the ``transaction.atomic()`` block of a service with it: a denial raised inside
    would otherwise take its own audit row down with the rollback.
    """
    try:
        yield
    except PermissionDenied:
        record(action, actor=actor, obj=obj, result="denied", ip=ip)
        raise
