"""Read replica: anonymous catalog reads go to the ``replica`` database; everything else to the primary.

Switched on by ``DATABASE_REPLICA_URL`` (see settings). ``ReplicaRoutingMiddleware`` decides per request
whether its reads may use the replica: an anonymous GET of a page or API path listed in
``DATABASE_REPLICA_PATHS``. Any write sends the rest of the request's reads to the primary, so a request
never reads older data than it has just written.
"""

import re
from contextvars import ContextVar

from django.conf import settings

PRIMARY = "default"
REPLICA = "replica"

_reads_from_replica = ContextVar("reads_from_replica", default=False)


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
        token = _reads_from_replica.set(self._is_anonymous_catalog_read(request))
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
