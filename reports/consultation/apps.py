from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "reports.consultation"
    label = "consultation"
    verbose_name = "Zienswijzen van de raden"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Register its documents with the document store, its e-mails with the outbox.
        from . import documents, notices  # noqa: F401
