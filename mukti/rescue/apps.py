from django.apps import AppConfig


class RescueConfig(AppConfig):
    name = "mukti.rescue"
    label = "rescue"
    verbose_name = "Rescue"

    def ready(self) -> None:
        from mukti.cases import services as case_services
        from mukti.rescue import details
        from mukti.rescue.services import engagements_refresh

        details.register()

        if engagements_refresh not in case_services.TIMELINE_CHANGED:
            case_services.TIMELINE_CHANGED.append(engagements_refresh)
