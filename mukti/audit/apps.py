from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mukti.audit"
    label = "audit"
    verbose_name = "Audit"
