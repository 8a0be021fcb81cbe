from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "mukti.care"
    label = "care"
    verbose_name = "Care"

    def ready(self) -> None:
        from mukti.care import details
        from mukti.care.services import care_check
        from mukti.cases import services as case_services

        details.register()
        if care_check not in case_services.TIMELINE_CHANGED:
            case_services.TIMELINE_CHANGED.append(care_check)
