from django.apps import AppConfig


class RescueConfig(AppConfig):
    name = "mukti.rescue"
    label = "rescue"
    verbose_name = "Rescue"
