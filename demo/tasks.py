"""The demo's background work: its lesson videos, made after ``make run`` has started the server."""

from celery import shared_task

from courses.models import Lesson
from demo import flagship, videos


@shared_task(soft_time_limit=540, time_limit=600)
def course_videos_make(course_id):
    """The short demo clips (with their captions) of one course's lessons, except the flagship ones."""
    lessons = Lesson.objects.filter(course_id=course_id).select_related("course").order_by("position")
    return videos.lesson_videos_make(lessons=[lesson for lesson in lessons if not flagship.is_flagship(lesson)])


@shared_task(soft_time_limit=540, time_limit=600)
def flagship_lesson_video_make(lesson_id):
    """Slides, audio bed and captions for one flagship lesson; its processing is queued as for any upload."""
    return flagship.lesson_video_make(lesson_id=lesson_id)
