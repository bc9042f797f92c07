"""Write audit events: to the append-only table and to the structured log.

Two functions, one for each kind of event: ``record`` for what happened (inside the
transaction of the change it describes) and ``refusal`` for what was refused. A service
refuses by raising PermissionDenied inside its transaction; ``refusals_recorded`` writes the
refusal once that transaction has rolled back, so the row survives the rollback of the
refused action. Views that refuse (a 404 for what someone may not see) call ``refusal``.
"""

import functools
import ipaddress
import logging
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest

from .models import AuditAction, AuditEvent, AuditResult

logger = logging.getLogger("duoplus.audit")

P = ParamSpec("P")
R = TypeVar("R")

__all__ = ["AuditAction", "AuditResult", "client_ip", "record", "refusal", "refusals_recorded"]


def client_ip(request: HttpRequest | None) -> str | None:
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


def _write(
    action: AuditAction,
    *,
    actor: Any,
    obj: Model | None,
    result: AuditResult,
    ip: str | None,
    object_type: str,
    object_id: str,
    detail: dict[str, Any],
) -> AuditEvent:
    if not isinstance(action, AuditAction):
        raise TypeError(f"audit actions are AuditAction members, not {action!r}")
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
        action.value,
        result.value,
        getattr(actor, "username", "-"),
        event.object_type or "-",
        event.object_id or "-",
        ip or "-",
        extra={"audit": {"action": action.value, "result": result.value, **detail}},
    )
    return event


def record(
    action: AuditAction,
    *,
    actor: Any = None,
    obj: Model | None = None,
    result: AuditResult = AuditResult.OK,
    ip: str | None = None,
    object_type: str = "",
    object_id: str | int = "",
    **detail: Any,
) -> AuditEvent:
    """Store what happened; call it inside the transaction of the change it describes.
    ``object_type``/``object_id`` name the object when there is no instance (``obj``).
    Refusals are not recorded here but with ``refusal``."""
    if result not in (AuditResult.OK, AuditResult.FAILED):
        raise ValueError("record a refusal with audit.refusal")
    return _write(
        action,
        actor=actor,
        obj=obj,
        result=result,
        ip=ip,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail,
    )


def refusal(
    action: AuditAction,
    *,
    request: HttpRequest | None = None,
    actor: Any = None,
    obj: Model | None = None,
    ip: str | None = None,
    result: AuditResult = AuditResult.DENIED,
    object_type: str = "",
    object_id: str | int = "",
    **detail: Any,
) -> AuditEvent:
    """Record that ``action`` was refused (``result`` DENIED, or NOT_FOUND for what someone
    may not see). With ``request``, the actor and the address come from it. Call it outside
    the transaction that the refusal rolls back (``refusals_recorded`` does that for the
    services)."""
    if result not in (AuditResult.DENIED, AuditResult.NOT_FOUND):
        raise ValueError("a refusal is denied or not_found")
    if request is not None:
        actor = actor if actor is not None else getattr(request, "user", None)
        ip = ip if ip is not None else client_ip(request)
    return _write(
        action,
        actor=actor,
        obj=obj,
        result=result,
        ip=ip,
        object_type=object_type,
        object_id=str(object_id),
        detail=detail,
    )


def refusals_recorded(
    action: AuditAction, *, obj: str
) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Decorator for a keyword-only service: a PermissionDenied it raises is recorded as a
    refusal of ``action`` (actor from its ``user``, object from its argument named ``obj``,
    address from ``ip``) after the service's own transaction has rolled back."""

    def decorate(service: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(service)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return service(*args, **kwargs)
            except PermissionDenied:
                target = kwargs.get(obj)
                refusal(
                    action,
                    actor=kwargs.get("user"),
                    obj=target if isinstance(target, Model) else None,
                    ip=kwargs.get("ip"),  # type: ignore[arg-type]
                )
                raise

        return wrapper

    return decorate
