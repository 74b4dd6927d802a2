"""Error reports to Sentry, switched on by ``SENTRY_DSN`` (settings.py calls ``init`` while loading)."""

from core import logging as core_logging


def init(dsn, *, environment, release):
    """Errors from Django and Celery, without personal data: no cookies, no user e-mail or address
    (``send_default_pii`` off), tagged with the request id of the request or task that raised them."""
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    return sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release,
        send_default_pii=False,  # the default too; sentry-sdk 2.76 prefers data_collection, same behaviour
        integrations=[DjangoIntegration(), CeleryIntegration()],
        before_send=tag_request_id,
    )


def tag_request_id(event, hint):
    request_id = core_logging.request_id.get()
    if request_id:
        event.setdefault("tags", {})["request_id"] = request_id
    return event
