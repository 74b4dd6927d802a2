"""Reads on accounts."""

from django.contrib.auth import get_user_model

from accounts.models import ApiKey, api_key_digest


def api_key_get_active(*, raw_key):
    """The active key whose digest matches, or None."""
    return ApiKey.objects.filter(key_hash=api_key_digest(raw_key), revoked_at__isnull=True).first()


def email_in_use(email, *, exclude=None):
    """Whether another account has this e-mail, compared without case (``exclude``: the account being edited)."""
    accounts = get_user_model().objects.filter(email__iexact=email)
    return accounts.exclude(pk=exclude.pk).exists() if exclude is not None else accounts.exists()
