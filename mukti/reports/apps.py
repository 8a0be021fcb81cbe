from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mukti.reports"
    label = "reports"
    verbose_name = "Reports"
