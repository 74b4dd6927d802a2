"""Read replica: anonymous catalog reads go to the ``replica`` database; everything else to the primary.

Switched on by ``DATABASE_REPLICA_URL`` (see settings). ``ReplicaRoutingMiddleware`` decides per request
whether its reads may use the replica: an anonymous GET of a page or API path listed in
``DATABASE_REPLICA_PATHS``. Any write sends the rest of the request's reads to the primary, so a request
never reads older data than it has just written.

An answer that the shared cache will store (``storing_what_is_read``) reads from the replica only when the
replica has replayed the primary's WAL up to where it was when the request began: otherwise a lagging replica
would hand the cache the rows from before a write whose invalidation the request has already seen, and the cache
would keep them as fresh (``core.public_cache`` says why the order matters). A replica that is behind costs
that one request a read on the primary, never a stale entry.
"""

import contextlib
import re
from contextvars import ContextVar

from django.conf import settings
from django.db import connections

PRIMARY = "default"
REPLICA = "replica"

_reads_from_replica = ContextVar("reads_from_replica", default=False)
_storing = ContextVar("storing_what_is_read", default=False)


@contextlib.contextmanager
def storing_what_is_read():
    """What this request reads will be stored in the shared cache: read the replica only once it has caught up."""
    token = _storing.set(True)
    try:
        yield
    finally:
        _storing.reset(token)


def replica_is_behind():
    """Whether the replica has not yet replayed everything the primary had written when this is called: the
    primary's WAL insert position, then the replica's replay position (None there: not a standby, never behind)."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_insert_lsn()")
        (position,) = cursor.fetchone()
    with connections[REPLICA].cursor() as cursor:
        cursor.execute("SELECT pg_last_wal_replay_lsn() < %s::pg_lsn", [position])
        (behind,) = cursor.fetchone()
    return bool(behind)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if model._meta.app_label == "django_cache":
            return PRIMARY  # throttle and log-in counters in the database cache must never read a lagging copy
        return REPLICA if _reads_from_replica.get() else PRIMARY

    def db_for_write(self, model, **hints):
        _reads_from_replica.set(False)
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return {obj1._state.db, obj2._state.db} <= {PRIMARY, REPLICA}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaRoutingMiddleware:
    """Lets the router use the replica for this request's reads when it is an anonymous catalog read.

    Goes after AuthenticationMiddleware. Callers with a token or a session count as signed in, since what
    they read next may be what they have just written; server clients with an API key only read the catalog.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = [re.compile(pattern) for pattern in settings.DATABASE_REPLICA_PATHS]

    def __call__(self, request):
        replica = self._is_anonymous_catalog_read(request)
        if replica and _storing.get() and connections[REPLICA].vendor == "postgresql":
            replica = not replica_is_behind()
        token = _reads_from_replica.set(replica)
        try:
            return self.get_response(request)
        finally:
            _reads_from_replica.reset(token)

    def _is_anonymous_catalog_read(self, request):
        if request.method not in ("GET", "HEAD"):
            return False
        if not any(pattern.match(request.path_info) for pattern in self.paths):
            return False
        authorization = request.META.get("HTTP_AUTHORIZATION", "")
        if authorization and not authorization.lower().startswith("api-key "):
            return False
        return not request.user.is_authenticated
