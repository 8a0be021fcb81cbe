from django.apps import AppConfig


class RescueConfig(AppConfig):
    name = "mukti.rescue"
    label = "rescue"
    verbose_name = "Rescue"

    def ready(self) -> None:
        from mukti.rescue import details

        details.register()
