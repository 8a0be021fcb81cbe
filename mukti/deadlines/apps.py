from django.apps import AppConfig


class DeadlinesConfig(AppConfig):
    name = "mukti.deadlines"
    label = "deadlines"
    verbose_name = "Deadlines"

    def ready(self) -> None:
        from mukti.cases import services as case_services
        from mukti.deadlines.services import clocks_refresh

        if clocks_refresh not in case_services.TIMELINE_CHANGED:
            case_services.TIMELINE_CHANGED.append(clocks_refresh)
