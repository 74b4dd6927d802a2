from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import learner_pages


class NotebookConfig(AppConfig):
    name = "notebook"
    verbose_name = _("Notebook")

    def ready(self):
        # Notes and saved courses are parts of the learner's own pages.
        learner_pages.watch(self.get_model("Note"), learner="learner")
        learner_pages.watch(self.get_model("SavedCourse"), learner="learner")
