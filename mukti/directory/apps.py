from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "mukti.directory"
    label = "directory"
    verbose_name = "Directory"
    # Offices and officials are the outside world, shared by every case and kept by
    # administrators: not case content although cases point at them (audit.selectors).
    shared_entities = True
