"""Background work of the catalog. Each task loads what it needs and calls a service; running one twice is safe."""

from celery import shared_task

from courses import services

RETRY_DELAYS = (10, 60, 300)


@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=len(RETRY_DELAYS))
def process_lesson_video(self, lesson_id):
    """Probe, poster and HLS for a lesson's uploaded video. Storage or database hiccups are retried."""
    try:
        lesson = services.lesson_video_process(lesson_id=lesson_id)
    except services.TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.lesson_video_fail(lesson_id=lesson_id)
            raise
        raise self.retry(exc=error, countdown=RETRY_DELAYS[self.request.retries]) from error
    return lesson.video_status if lesson else None
