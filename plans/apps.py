from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans and assessments"

    def ready(self) -> None:
        from plans.api import tokens

        tokens.connect_signals()
