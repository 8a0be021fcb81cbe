from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "mukti.intake"
    label = "intake"
    verbose_name = "Narrative intake"
