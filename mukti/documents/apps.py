from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    """Files attached to a case's timeline entries (an FIR copy, a medical report, a CWC order):
    checked by content, encrypted at rest with the field keys, downloaded only through the
    case's access rule, every download audited."""

    name = "mukti.documents"
    label = "documents"
    verbose_name = "Documents"
