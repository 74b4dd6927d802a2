from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import public_cache


def _reviewer_keys(user, fields):
    """A learner's name signs their reviews: the answers of the courses they rated."""
    return [public_cache.course_key(pk) for pk in user.ratings.values_list("course_id", flat=True)]


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The learner's display name signs their reviews; a log-in, a password or an e-mail shows nowhere public.
        public_cache.watch_fields(self.get_model("User"), "username", "first_name", "last_name", keys=_reviewer_keys)
