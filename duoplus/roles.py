"""Who holds which role where. One query per request, cached on the user object."""

from .models import Membership, Role


def memberships(user):
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


def has_role(user, role, organisation=None):
    organisation_id = getattr(organisation, "pk", organisation)
    return any(
        r == role and (organisation_id is None or o == organisation_id)
        for r, o in memberships(user)
    )


def organisation_ids(user, role):
    return {o for r, o in memberships(user) if r == role}


def role_names(user):
    return {r for r, _ in memberships(user)}


def is_staff_member(user):
    """Editors, coordinators and functional admins: the people who write and manage reports."""
    return bool(role_names(user) & {Role.EDITOR, Role.COORDINATOR, Role.ADMIN})
