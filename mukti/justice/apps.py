from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "mukti.justice"
    label = "justice"
    verbose_name = "Justice"

    def ready(self) -> None:
        from mukti.justice import details

        details.register()
