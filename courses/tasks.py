"""Background work of the catalog. Each task loads what it needs and calls a service; running one twice is safe.

Every task has a soft time limit (SoftTimeLimitExceeded is raised inside it) and a hard one (its process is
killed); README, "Background work", lists them.
"""

from celery import shared_task
from django.conf import settings

from courses import services

RETRY_DELAYS = (10, 60, 300)


def _video_time_limits():
    """The hard limit is VIDEO_TASK_TIME_LIMIT; the soft one a minute earlier (a tenth earlier for short limits),
    leaving the run time to delete its half-written folder and mark the video failed."""
    hard = settings.VIDEO_TASK_TIME_LIMIT
    return {"soft_time_limit": max(1, hard - min(60, hard // 10)), "time_limit": hard}


@shared_task(
    bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=len(RETRY_DELAYS), **_video_time_limits()
)
def process_lesson_video(self, lesson_id):
    """Probe, poster and HLS for a lesson's uploaded video. Storage or database hiccups are retried.

    Delivered again after its worker process died (``reject_on_worker_lost``), it finds the job still held by
    the dead run, whose heartbeat is fresh: it sends itself again for when that heartbeat is old enough to take
    the job over."""
    try:
        lesson = services.lesson_video_process(lesson_id=lesson_id)
    except services.VideoJobBusy as busy:
        self.apply_async(args=[lesson_id], countdown=busy.retry_in)
        return "busy"
    except services.TRANSIENT_ERRORS as error:
        if self.request.retries >= self.max_retries:
            services.lesson_video_fail(lesson_id=lesson_id)
            raise
        raise self.retry(exc=error, countdown=RETRY_DELAYS[self.request.retries]) from error
    return lesson.video_status if lesson else None


@shared_task(soft_time_limit=60, time_limit=90)
def lesson_videos_recover():
    """Periodic: queue again (or give up on) video jobs whose run went silent or that were never sent."""
    requeued, failed = services.lesson_videos_recover()
    return {"requeued": requeued, "failed": failed}


@shared_task(soft_time_limit=240, time_limit=300)
def superseded_media_delete():
    """Periodic: delete replaced video runs and caption files whose grace period is over."""
    return services.superseded_media_delete()
