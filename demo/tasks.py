"""The demo's background work: the flagship course's videos, made after ``make run`` has started the server."""

from celery import shared_task

from demo import flagship


@shared_task(soft_time_limit=540, time_limit=600)
def flagship_lesson_video_make(lesson_id):
    """Slides, audio bed and captions for one flagship lesson; its processing is queued as for any upload."""
    return flagship.lesson_video_make(lesson_id=lesson_id)
