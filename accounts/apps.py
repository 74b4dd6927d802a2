from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import public_cache


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # The learner's display name signs their reviews; a log-in, a password or an e-mail shows nowhere public.
        public_cache.watch_fields(self.get_model("User"), "username", "first_name", "last_name")
