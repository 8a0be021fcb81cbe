from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "mukti.intake"
    label = "intake"
    verbose_name = "Narrative intake"

    def ready(self) -> None:
        from mukti.accounts.access import register_object_rule
        from mukti.intake.models import Draft
        from mukti.intake.selectors import draft_rule, draft_scope

        register_object_rule(Draft, draft_rule, draft_scope)
