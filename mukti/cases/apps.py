from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "mukti.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from mukti.cases import access  # noqa: F401  (registers the case-team rule)

    def rebuild_blind_indexes(self) -> int:
        """Re-index survivors' names, phones and places under the newest field key (`mukti
        rotate_field_keys`, `mukti names rebuild`)."""
        from mukti.cases.names import survivor_keys_rebuild

        return survivor_keys_rebuild()
