from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import public_cache


class TeachersConfig(AppConfig):
    name = "teachers"
    verbose_name = _("Teachers")

    def ready(self):
        public_cache.watch(self.get_model("Teacher"))
