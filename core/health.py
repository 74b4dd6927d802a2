"""What /health/, /health/ready and the original clients' /health report."""

from django.conf import settings
from django.db import DatabaseError, connection

PROBE_TIMEOUT_SECONDS = 2


def database_is_reachable():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def redis_is_reachable(url):
    import redis

    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=PROBE_TIMEOUT_SECONDS, socket_timeout=PROBE_TIMEOUT_SECONDS
        )
        with client:
            return bool(client.ping())
    except (redis.RedisError, OSError, ValueError):
        return False


def broker_is_reachable(url):
    """Redis brokers are pinged directly; any other broker through kombu, which comes with Celery."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return redis_is_reachable(url)
    try:
        from kombu import Connection
    except ImportError:
        return False
    try:
        with Connection(url, connect_timeout=PROBE_TIMEOUT_SECONDS) as broker:
            broker.ensure_connection(max_retries=1)
        return True
    except Exception:  # kombu raises each transport's own errors
        return False


def broker_is_networked(url):
    """A broker other processes and machines reach (Redis...), as opposed to `make run`'s local folder."""
    return bool(url) and not url.startswith("filesystem://")


def readiness_checks():
    """Each configured dependency and whether it answers: the database always, Redis and the broker when set."""
    checks = {"database": database_is_reachable()}
    if settings.REDIS_URL:
        checks["redis"] = redis_is_reachable(settings.REDIS_URL)
    broker_url = getattr(settings, "CELERY_BROKER_URL", "")
    if broker_url and broker_url == settings.REDIS_URL:
        checks["broker"] = checks["redis"]  # the same Redis (the default broker): one ping answers for both
    elif broker_is_networked(broker_url):
        checks["broker"] = broker_is_reachable(broker_url)
    return checks


def worker_readiness():
    """``(ready, text)`` for the Celery workers: ``text`` is "ok", "none seen for N s" or "none seen".

    With a networked broker, no fresh heartbeat means not ready: uploads would wait forever. With `make run`'s
    filesystem broker the worker comes from the same command, so its absence is reported but does not count.
    """
    from core.heartbeat import worker_status

    try:
        fresh, text = worker_status()
    except DatabaseError:
        fresh, text = False, "unknown"
    return fresh or not broker_is_networked(getattr(settings, "CELERY_BROKER_URL", "")), text
