from django.apps import AppConfig


class QuestionsConfig(AppConfig):
    name = "reports.questions"
    label = "questions"
    verbose_name = "Technische vragen van de raden"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import notices  # noqa: F401  (registers its kind of message with the outbox)
