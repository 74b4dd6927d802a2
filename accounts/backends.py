"""Log-in with brute-force protection, for every door that checks a password: the site's log-in page, the
admin's and the API token endpoint all call ``authenticate()``, which runs this backend."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

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
