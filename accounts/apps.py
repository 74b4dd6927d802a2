from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import public_cache


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        # Reviews show their author's name; a log-in or a new password changes nothing anyone else sees.
        public_cache.watch(self.get_model("User"), unless_only={"last_login", "password"})
