from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "Plans and assessments"

    def ready(self) -> None:
        from plans.api import tokens
        from plans.services import library_stamp

        tokens.connect_signals()
        library_stamp.connect_signals()
