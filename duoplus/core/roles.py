"""Who holds which role where. One query per request, cached on the user object.

"Internal" is defined here once: everyone who works on reports (editors, coordinators,
functional administrators, directieberaad) as opposed to council members, who only read.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from .models import Membership, Role

INTERNAL_ROLES = frozenset({Role.EDITOR, Role.COORDINATOR, Role.ADMIN, Role.BOARD})
# The council's side: its members, who read, and its griffie (the clerk), who also handles
# the council's correspondence with the arrangement (its zienswijzen). Both read what is
# published to their council and nothing else.
COUNCIL_ROLES = frozenset({Role.COUNCIL, Role.CLERK})


def memberships(user: Any) -> frozenset[tuple[str, int]]:
    """The (role, organisation_id) pairs of ``user``, loaded once per user object."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, "_duoplus_memberships", None)
    if cached is None:
        cached = frozenset(
            Membership.objects.filter(user=user).values_list("role", "organisation_id")
        )
        user._duoplus_memberships = cached
    return cached


def has_role(user: Any, role: str, organisation: Any = None) -> bool:
    organisation_id = getattr(organisation, "pk", organisation)
    return any(
        r == role and (organisation_id is None or o == organisation_id)
        for r, o in memberships(user)
    )


def organisation_ids(user: Any, role: str) -> set[int]:
    return {o for r, o in memberships(user) if r == role}


def role_names(user: Any) -> set[str]:
    return {r for r, _ in memberships(user)}


def internal_organisation_ids(user: Any) -> set[int]:
    """Organisations in which ``user`` works on reports (any role but council member)."""
    return {o for r, o in memberships(user) if r in INTERNAL_ROLES}


def council_organisation_ids(user: Any) -> set[int]:
    """Municipalities on whose council's side ``user`` stands (member or griffie)."""
    return {o for r, o in memberships(user) if r in COUNCIL_ROLES}


def is_internal(user: Any) -> bool:
    """Whether ``user`` works on reports somewhere (sees approvals, history, the calendar)."""
    return bool(internal_organisation_ids(user))


def members(*, organisation_ids: Iterable[int], role: str) -> QuerySet[Any]:
    """The active people holding ``role`` in any of these organisations (whom to notify)."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            memberships__role=role,
            memberships__organisation__in=list(organisation_ids),
        )
        .distinct()
    )
