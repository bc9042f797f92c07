from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "reports.questions"
    label = "questions"
    verbose_name = "Technische vragen van de raden"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Register its documents with the document store, its e-mails with the outbox.
        from . import document, notices  # noqa: F401
