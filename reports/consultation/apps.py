from django.apps import AppConfig


class ConsultationConfig(AppConfig):
    name = "reports.consultation"
    label = "consultation"
    verbose_name = "Zienswijzen van de raden"
    default_auto_field = "django.db.models.BigAutoField"
