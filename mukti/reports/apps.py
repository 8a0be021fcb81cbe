from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "mukti.reports"
    label = "reports"
    verbose_name = "Reports"

    def ready(self) -> None:
        from mukti.reports import checks  # noqa: F401  (registers the system check)
