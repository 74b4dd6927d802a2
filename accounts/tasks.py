"""Background work of accounts. Each task calls a service and is safe to run twice."""

from celery import shared_task

from accounts import services


@shared_task(soft_time_limit=240, time_limit=300)
def sessions_and_tokens_clear():
    """Periodic: delete expired sessions (what `clearsessions` does) and API tokens past API_TOKEN_TTL."""
    services.sessions_clear_expired()
    return {"tokens": services.api_tokens_delete_expired()}
