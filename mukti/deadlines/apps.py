from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "mukti.deadlines"
    label = "deadlines"
    verbose_name = "Deadlines"
