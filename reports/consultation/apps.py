from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "reports.consultation"
    label = "consultation"
    verbose_name = "Zienswijzen van de raden"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notices  # noqa: F401  (registers its kind of message with the outbox)
