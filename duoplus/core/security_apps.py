"""axes (the login lockout) under a Dutch name in the admin: its models' names are
translated in locale/nl, but an app's name is not a translatable string, so it is set here
(INSTALLED_APPS names this config). django-otp's devices appear under Dutch names as proxy
models of the core (duoplus.core.models)."""

from axes import apps as axes_apps
from django.utils.translation import gettext_lazy as _


class AxesConfig(axes_apps.AppConfig):
    verbose_name = _("Inlogbeveiliging")
