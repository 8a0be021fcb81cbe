from django.apps import AppConfig


class BackupsConfig(AppConfig):
    name = "mukti.backups"
    label = "backups"
    verbose_name = "Backups"
