"""Log-in with brute-force protection, for every door that checks a password: the site's log-in page, the
admin's and the API token endpoint all call ``authenticate()``, which runs this backend."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

from core.clients import client_identity
from core.ratelimit import limit, reserve_all


def _login_limits(request, username):
    pairs = [(limit("login_per_account"), str(username or "").strip().casefold())]
    if request is not None:
        pairs.append((limit("login_per_address"), client_identity(request)))
    return pairs


class RateLimitedModelBackend(ModelBackend):
    """Django's ModelBackend, refusing with ``RateLimited`` (a 429) once an account or a client address has
    failed too often in the window, even with the right password.

    Each attempt first reserves its place in both windows with one atomic increment, and only then is the
    password checked: attempts sent at once are evaluated at most as often as the limit allows, however slow
    the hasher. A successful log-in gives its own place back, so only failures stay counted and a learner who
    types the password right is never slowed down; it does not clear earlier failures, which would hand a
    fresh set of guesses to whoever is guessing at the same time. When the counters cannot be reached,
    ``LimitsUnavailable`` (a 503) refuses the attempt before any password is checked.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        limits = _login_limits(request, username)
        reserve_all(limits)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None:
            for login_limit, key in limits:
                login_limit.give_back(key)
        return user

    def get_user(self, user_id):
        """The signed-in user of a request, from the cache for ``USER_CACHE_SECONDS``: a signed-in page served
        from the cache (``core.learner_pages``) then runs no query at all. Every save or delete of the user ends
        the cached copy (``user_changed``), so a new password, a deactivation or new staff rights apply on the
        next request; changes that bypass the model (SQL, a bulk update) apply within ``USER_CACHE_SECONDS``.
        ``user_can_authenticate`` is asked of the cached copy as of a fresh one."""
        key = user_cache_key(user_id)
        user = cache.get(key)
        if user is None:
            user = super().get_user(user_id)
            if user is not None:
                cache.set(key, user, timeout=settings.USER_CACHE_SECONDS)
            return user
        return user if self.user_can_authenticate(user) else None


def user_cache_key(user_id):
    return f"auth-user:{user_id}"


def user_changed(sender, instance, **kwargs):
    """A user's row changed or went: its cached copy goes now and again once the change commits (a request that
    read the old row in between may have stored it)."""
    key = user_cache_key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
