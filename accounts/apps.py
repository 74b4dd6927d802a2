from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _

from core import learner_pages, public_cache


def _reviewer_keys(user, fields):
    """A learner's name signs their reviews: the answers of the courses they rated."""
    return [public_cache.course_key(pk) for pk in user.ratings.values_list("course_id", flat=True)]


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The learner's display name signs their reviews; a log-in, a password or an e-mail shows nowhere public.
        public_cache.watch_fields(self.get_model("User"), "username", "first_name", "last_name", keys=_reviewer_keys)
        learner_pages.watch(self.get_model("User"), learner="id")  # their name in the header of their pages
        from accounts import backends  # it reads the user model, which is ready only now

        post_save.connect(backends.user_changed, sender=self.get_model("User"), dispatch_uid="accounts_user_cache")
        post_delete.connect(backends.user_changed, sender=self.get_model("User"), dispatch_uid="accounts_user_cache")
