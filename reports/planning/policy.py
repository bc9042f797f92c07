"""Who may see and change the P&C calendar. The only place that decides it."""

from typing import Any

from django.db.models import QuerySet

from duoplus.core import roles
from duoplus.core.models import Organisation, Role


def planning_organisations(*, user: Any) -> QuerySet[Organisation]:
    """The organisations whose calendar ``user`` edits: as coordinator or functional admin."""
    ids = roles.organisation_ids(user, Role.COORDINATOR) | roles.organisation_ids(user, Role.ADMIN)
    return Organisation.objects.filter(pk__in=ids)


def can_plan(*, user: Any, organisation_id: int) -> bool:
    return planning_organisations(user=user).filter(pk=organisation_id).exists()


def can_see_calendar(*, user: Any) -> bool:
    """The calendar is for the people who make and approve reports, not for councils."""
    return roles.is_internal(user)


def can_have_feed(*, user: Any) -> bool:
    """A personal agenda link: everyone on the calendar, and the council's side (griffie,
    members) for the terms of the zienswijzen on their council's reports."""
    return roles.is_internal(user) or bool(roles.council_organisation_ids(user))
