from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "mukti.care"
    label = "care"
    verbose_name = "Care"

    def ready(self) -> None:
        from mukti.care import details

        details.register()
