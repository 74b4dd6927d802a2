"""Reads on accounts."""

from accounts.models import ApiKey, api_key_digest


def api_key_get_active(*, raw_key):
    """The active key whose digest matches, or None."""
    return ApiKey.objects.filter(key_hash=api_key_digest(raw_key), revoked_at__isnull=True).first()
