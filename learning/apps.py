from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import public_cache

# What anonymous visitors see of learning: ratings (and the course averages they keep), paths and exams.
PUBLIC_MODELS = ("Rating", "LearningPath", "PathCourse", "Exam", "Question", "Choice")


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")

    def ready(self):
        public_cache.watch(*(self.get_model(name) for name in PUBLIC_MODELS))
