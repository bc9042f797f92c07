from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DuoplusConfig(AppConfig):
    name = "duoplus"
    verbose_name = _("Organisaties en gebruikers")

    def ready(self):
        from . import signals  # noqa: F401  (audit rows for logins and admin changes)
