from django.apps import AppConfig


class DuoplusConfig(AppConfig):
    """The composition root: settings, URLs, the Celery app and the commands that put every
    app together (demo and scale data, backups). It has no models."""

    name = "duoplus"
    verbose_name = "Duo+ portaal"
