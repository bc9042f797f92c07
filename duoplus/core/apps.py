from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The core: organisations, people and their roles, the audit log."""

    name = "duoplus.core"
    label = "core"
    verbose_name = _("Organisaties en gebruikers")

    def ready(self):
        from . import converters, password_reset, signals  # noqa: F401
        # (signals connects the receivers; password_reset registers its kind of message)

        converters.register()  # <id:…> in every URL configuration
