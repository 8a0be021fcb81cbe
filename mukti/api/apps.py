from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "mukti.api"
    label = "api"
    verbose_name = "REST API"
