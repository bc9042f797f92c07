"""Who may change a report's budget lines. Used by services, views and templates alike."""

from typing import Any

from django.utils.translation import gettext as _

from reports.core.models import Report
from reports.writing.policy import is_coordinator


def import_refusal(*, user: Any, report: Report) -> str | None:
    """Why ``user`` may not import budget lines into ``report`` now, or None when they may.

    The budget is frozen from submission on, for everyone. ``user`` None is the
    ``import_budget`` management command, run by someone with access to the server.
    """
    if report.is_frozen:
        return _(
            "Deze rapportage is ingediend; de begrotingswijzigingen liggen vast en kunnen "
            "niet meer worden ingelezen."
        )
    if user is not None and not is_coordinator(user=user, report=report):
        return _("Alleen de coördinator van %(org)s kan begrotingswijzigingen inlezen.") % {
            "org": report.organisation.name
        }
    return None


def can_import(*, user: Any, report: Report) -> bool:
    return user is not None and import_refusal(user=user, report=report) is None
