#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")
    from django.core.management import execute_from_command_line
    from multidb.pinning import pin_this_thread

    # With read replicas (clinic/db_routers.py), commands (migrate, housekeeping, the seeds) read from
    # the primary: they read what they have just written. runserver's requests run in threads of their
    # own, which the pinning middleware routes.
    pin_this_thread()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
