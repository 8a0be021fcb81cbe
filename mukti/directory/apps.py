from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "mukti.directory"
    label = "directory"
    verbose_name = "Directory"
