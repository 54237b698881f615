from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "clinic"
    verbose_name = "Clinics and staff"

    def ready(self) -> None:
        from clinic import idle_logout

        idle_logout.connect_signals()
