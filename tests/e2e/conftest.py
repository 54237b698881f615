import os
import shutil

import pytest

# pytest-playwright's sync API runs an event loop in the main thread; Django's ORM must be told
# that this test process may use it from there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def _serialized_db(django_db_setup):
    from django.db import connections

    contents = {
        c.alias: c._test_serialized_contents
        for c in connections.all()
        if hasattr(c, "_test_serialized_contents")
    }
    # These connections belong to the context before Playwright's; nothing closes them later, and an
    # open one stops the test database being dropped at the end.
    connections.close_all()
    return contents


@pytest.fixture(scope="session")
def playwright(_serialized_db, playwright):
    # Playwright runs an asyncio loop in the main thread; from then on Django hands out new connection
    # objects that lack the contents serialized when the test database was created, so
    # serialized_rollback would restore nothing (the exercise library comes from a data migration).
    from django.db import connections

    for alias, contents in _serialized_db.items():
        connections[alias]._test_serialized_contents = contents
    yield playwright
    connections.close_all()
