"""Log-in with brute-force protection, for every door that checks a password: the site's log-in page, the
admin's and the API token endpoint all call ``authenticate()``, which runs this backend."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from core.clients import client_identity
from core.ratelimit import limit


def _login_limits(request, username):
    pairs = [(limit("login_per_account"), str(username or "").strip().casefold())]
    if request is not None:
        pairs.append((limit("login_per_address"), client_identity(request)))
    return pairs


class RateLimitedModelBackend(ModelBackend):
    """Django's ModelBackend, refusing with ``RateLimited`` (a 429) once an account or a client address has
    failed too often in the window, even with the right password; until then each failure counts for both.

    Only failures count, so the site is never locked for everyone and a learner who types the password right
    is not slowed down; a successful log-in clears the account's count.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        limits = _login_limits(request, username)
        for login_limit, key in limits:
            login_limit.check(key)
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None:
            for login_limit, key in limits:
                login_limit.hit(key)
        else:
            limits[0][0].reset(limits[0][1])
        return user
