"""Where a query goes when read replicas are configured (DATABASE_REPLICA_URLS, docs/deploy.md §5).

django-multidb-router's ``PinningReplicaRouter`` sends writes to the primary and reads to a replica,
except in a thread that ``PinningRouterMiddleware`` pinned: a request that may write, and every request
from a browser that wrote in the last ``REPLICA_PIN_SECONDS``. It does not look at transactions, so
on top of it, reads go to the primary

- inside a transaction on the primary: a service that reads and then writes (and anything run
  outside a request, such as a management command's transaction) must read what it is about to
  change, not a lagging copy; ``select_for_update()`` goes there anyway, as Django routes it as a
  write;
- for the tables that decide who may do anything: sessions (the idle log-off stamp is saved on every
  page), users, groups and permissions, API tokens and django-axes' lock-outs. A log-out, a
  revoked token, a deactivated account or a lock-out takes effect at once, not after the lag. They
  are primary-key look-ups, a small share of the reads.
"""

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model
from multidb import PinningReplicaRouter

PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "knox", "axes"})


class ReplicaRouter(PinningReplicaRouter):
    def db_for_read(self, model: type[Model], **hints) -> str:
        if model._meta.app_label in PRIMARY_ONLY_APPS or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return super().db_for_read(model, **hints)
