"""Writing demo rows with PostgreSQL's COPY, each with the history row django-simple-history keeps.

``bulk_create_with_history`` spends most of its time preparing every value in Python (over a million
values for 5,000 patients); COPY sends the rows as they are. The keys are taken from each table's
sequence first, so that children can name their parents, and each row gets the history row
``bulk_create_with_history`` would write: type "+", the user and the moment in ``_history_user`` and
``_history_date`` (``plans.demo.care.stamp``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from concurrency.fields import VersionField
from django.db import connection, models
from psycopg.types.json import Jsonb

Adapt = Callable[[Any], Any]


def _adapter(field: models.Field) -> Adapt | None:
    if isinstance(field, models.JSONField):
        return lambda value: None if value is None else Jsonb(value)
    return None


def _copy(table: str, fields: Sequence[models.Field], rows: list[tuple]) -> None:
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)


def _keys(model: type[models.Model], count: int) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [model._meta.db_table, model._meta.pk.column, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _values(objects: list, fields: Sequence[models.Field], extra: Callable[[Any], tuple] | None = None):
    adapters = [(f.attname, _adapter(f)) for f in fields]
    rows = []
    for obj in objects:
        row = tuple(adapt(getattr(obj, name)) if adapt else getattr(obj, name) for name, adapt in adapters)
        rows.append(row + extra(obj) if extra else row)
    return rows


def insert(model: type[models.Model], objects: list, *, now: datetime, history: bool = True) -> None:
    """Insert ``objects`` (unsaved, parents already inserted) and, with ``history``, their history."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields]
    relations = [f for f in fields if isinstance(f, models.ForeignKey)]
    stamped = [f for f in fields if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]
    versions = [f for f in fields if isinstance(f, VersionField)]
    for obj, key in zip(objects, _keys(model, len(objects)), strict=True):
        obj.pk = key
        for relation in relations:
            if getattr(obj, relation.attname) is None and (parent := relation.get_cached_value(obj, None)):
                setattr(obj, relation.attname, parent.pk)
        for field in stamped:
            setattr(obj, field.attname, now)
        for field in versions:
            if not getattr(obj, field.attname):
                setattr(obj, field.attname, 1)
        obj._state.adding = False
        obj._state.db = connection.alias
    _copy(model._meta.db_table, fields, _values(objects, fields))
    if history:
        _insert_history(model, objects, now)


def _insert_history(model: type[models.Model], objects: list, now: datetime) -> None:
    historical = model.history.model  # type: ignore[attr-defined]  # every demo model is audited
    own = ("history_id", "history_date", "history_change_reason", "history_type", "history_user")
    tracked = [f for f in historical._meta.concrete_fields if f.name not in own]
    meta = [historical._meta.get_field(name) for name in own[1:]]

    def history_of(obj) -> tuple:
        user = getattr(obj, "_history_user", None)
        return (getattr(obj, "_history_date", now), None, "+", user.pk if user else None)

    _copy(historical._meta.db_table, [*tracked, *meta], _values(objects, tracked, history_of))


def insert_links(through: type[models.Model], pairs: list[tuple[int, int]], columns: tuple[str, str]) -> None:
    """Rows of a many-to-many table: (one key, the other key)."""
    if pairs:
        fields = [through._meta.get_field(name) for name in columns]
        _copy(through._meta.db_table, [f for f in fields if isinstance(f, models.Field)], pairs)
