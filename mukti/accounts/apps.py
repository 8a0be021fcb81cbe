from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "mukti.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from mukti.accounts import signals  # noqa: F401  (login/logout audit receivers)
