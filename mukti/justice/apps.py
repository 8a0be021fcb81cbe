from django.apps import AppConfig


class JusticeConfig(AppConfig):
    name = "mukti.justice"
    label = "justice"
    verbose_name = "Justice"

    def ready(self) -> None:
        from mukti.justice import details

        details.register()

    def rebuild_blind_indexes(self) -> int:
        """Re-index accused persons under the newest field key (`mukti rotate_field_keys`)."""
        from mukti.justice.services import accused_keys_rebuild

        return accused_keys_rebuild()
