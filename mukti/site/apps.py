from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The top floor: commands that work across every app (the demo, re-encrypting every
    protected value). Nothing below imports it (the import contracts in pyproject.toml)."""

    name = "mukti.site"
    label = "mukti_site"
