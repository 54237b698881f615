"""Load the seed library (plans/data/*.json) into empty library tables: the first data migration's work.

The same upsert as ``library_sync`` (on empty tables it only creates rows); fields the early
historical models lack are skipped, and a later migration syncs them. After this the library
belongs to the admin; the JSON files are only its starting point.
"""

from __future__ import annotations

from django.apps.registry import Apps

from plans.services.library_sync import library_sync


def library_import(*, apps: Apps) -> None:
    library_sync(apps=apps)
