from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinics and staff"

    def ready(self) -> None:
        from clinic import api_tokens, idle_logout

        api_tokens.connect_signals()
        idle_logout.connect_signals()
