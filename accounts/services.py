"""Account writes with their rules: the learner's profile and API keys for trusted server clients."""

import secrets
from datetime import timedelta
from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ApiKey, api_key_digest
from accounts.selectors import email_in_use

API_KEY_PREFIX = "pfx_"


@transaction.atomic
def user_profile_update(*, user, first_name, last_name, email, email_notifications=None):
    """Save the learner's name (printed on certificates issued from now on), e-mail, unique among accounts, and
    whether notifications are e-mailed (unchanged when None)."""
    email = get_user_model().objects.normalize_email(email.strip())
    if email_in_use(email, exclude=user):
        raise ValidationError({"email": _("An account with this email already exists.")}, code="duplicate_email")
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email
    fields = ["first_name", "last_name", "email"]
    if email_notifications is not None:
        user.email_notifications = email_notifications
        fields.append("email_notifications")
    user.save(update_fields=fields)
    return user


def api_key_generate():
    """A new random key and the columns that identify it: ``(raw_key, prefix, key_hash)``."""
    raw_key = API_KEY_PREFIX + secrets.token_urlsafe(32)
    return raw_key, raw_key[:12], api_key_digest(raw_key)


@transaction.atomic
def api_key_create(*, name, requests_per_minute=ApiKey.DEFAULT_REQUESTS_PER_MINUTE):
    """Returns ``(api_key, raw_key)``; the raw key is never stored, so this is the only time it exists."""
    raw_key, prefix, key_hash = api_key_generate()
    api_key = ApiKey(name=name, requests_per_minute=requests_per_minute, prefix=prefix, key_hash=key_hash)
    api_key.full_clean()
    api_key.save()
    return api_key, raw_key


@transaction.atomic
def api_keys_revoke(*, api_keys):
    """Revokes the active keys among ``api_keys`` (a queryset); returns how many."""
    return api_keys.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


def sessions_clear_expired():
    """Delete the expired sessions, as `manage.py clearsessions` does, for whichever session engine is set."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


def api_tokens_delete_expired(*, now=None):
    """Delete the API tokens older than API_TOKEN_TTL (ExpiringTokenAuthentication already refuses them);
    returns how many went."""
    token_model = apps.get_model("authtoken", "Token")  # DRF's model; services import nothing of DRF
    issued_before = (now or timezone.now()) - timedelta(seconds=settings.API_TOKEN_TTL)
    deleted, _by_model = token_model.objects.filter(created__lte=issued_before).delete()
    return deleted
