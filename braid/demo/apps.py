from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "braid.demo"
    label = "demo"
    verbose_name = "Demo data"
