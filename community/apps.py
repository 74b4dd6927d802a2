from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import learner_pages


class CommunityConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "community"
    verbose_name = _("Community")

    def ready(self):
        learner_pages.watch(self.get_model("Vote"))  # the learner's votes show on the lesson page
