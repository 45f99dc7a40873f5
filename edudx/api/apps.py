from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "edudx.api"
    verbose_name = "API"
