from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core import learner_pages, public_cache

PATHS = "paths"


def _rating_keys(rating, fields):
    return [public_cache.course_key(rating.course_id)]


def _path_keys(path, fields):
    courses = path.memberships.values_list("course_id", flat=True)
    return [public_cache.path_key(path.pk), PATHS, *map(public_cache.course_key, courses)]


def _path_course_keys(membership, fields):
    return [public_cache.path_key(membership.path_id), PATHS, public_cache.course_key(membership.course_id)]


def _exam_keys(exam, fields):
    return [public_cache.course_key(exam.course_id)]


def _question_keys(question, fields):
    return [public_cache.course_key(question.exam.course_id)]


def _choice_keys(choice, fields):
    return [public_cache.course_key(choice.question.exam.course_id)]


# What anonymous visitors see of learning: ratings (and the course averages they keep), paths and exams, with
# the keys of the answers that show each.
PUBLIC_MODELS = {
    "Rating": _rating_keys,
    "LearningPath": _path_keys,
    "PathCourse": _path_course_keys,
    "Exam": _exam_keys,
    "Question": _question_keys,
    "Choice": _choice_keys,
}


class LearningConfig(AppConfig):
    name = "learning"
    verbose_name = _("Learning")

    def ready(self):
        for name, keys in PUBLIC_MODELS.items():
            public_cache.watch(self.get_model(name), keys=keys)
        # What learners do shows on their own pages (core.learner_pages).
        for name in ("LessonProgress", "Rating", "Certificate", "ExamAttempt"):
            learner_pages.watch(self.get_model(name))
