from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "mukti.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from mukti.cases import access  # noqa: F401  (registers the case-team rule)
