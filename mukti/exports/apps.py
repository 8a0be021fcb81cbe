from django.apps import AppConfig


class ExportsConfig(AppConfig):
    name = "mukti.exports"
    label = "exports"
    verbose_name = "Standard exports"
