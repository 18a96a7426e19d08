from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "braid.core"
    label = "core"
    verbose_name = "Braid core"
