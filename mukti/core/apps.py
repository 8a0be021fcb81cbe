from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "mukti.core"
    label = "core"
