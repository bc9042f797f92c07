from . import roles as role_helpers


def roles(request):
    """Which role sections the navigation shows; the views check rights themselves."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"user_roles": frozenset()}
    names = role_helpers.role_names(user)
    return {
        "user_roles": names,
        "is_council_only": bool(names) and names <= role_helpers.COUNCIL_ROLES,
        "is_council_side": bool(names & role_helpers.COUNCIL_ROLES),
    }
