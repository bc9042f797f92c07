"""Who may change a report's budget lines. Used by services, views and templates alike."""

from django.utils.translation import gettext as _

from duoplus import roles
from duoplus.models import Role
from reports.models import ReportStatus


def import_refusal(user, report):
    """Why ``user`` may not import budget lines into ``report`` now, or None when they may.

    The budget is frozen from submission on, for everyone. ``user`` None is the
    ``import_budget`` management command, run by someone with access to the server.
    """
    if report.status != ReportStatus.CONCEPT:
        return _(
            "Deze rapportage is ingediend; de begrotingswijzigingen liggen vast en kunnen "
            "niet meer worden ingelezen."
        )
    if user is not None and not roles.has_role(user, Role.COORDINATOR, report.organisation_id):
        return _("Alleen de coördinator van %(org)s kan begrotingswijzigingen inlezen.") % {
            "org": report.organisation.name
        }
    return None


def can_import(user, report):
    return user is not None and import_refusal(user, report) is None
