"""The catalog's metrics on /metrics: lesson videos by state (read when scraped) and how long processing took."""

import logging

import prometheus_client
from django.db import DatabaseError
from django.db.models import Count
from prometheus_client.core import GaugeMetricFamily

from courses.models import Lesson

logger = logging.getLogger(__name__)

VIDEO_PROCESSING_SECONDS = prometheus_client.Histogram(
    "platziflix_video_processing_seconds",
    "Time from a lesson video's claim by a worker to its result, by result (ready or failed).",
    ["result"],
    buckets=(1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800, 3600, float("inf")),
)


def video_processed(result, seconds):
    VIDEO_PROCESSING_SECONDS.labels(result=result).observe(seconds)


class LessonVideosCollector:
    """``platziflix_lesson_videos{state}``: lessons (not deleted) per video state, counted in one query."""

    def describe(self):
        """What ``collect`` yields, without a query: a registry asks when the collector is registered."""
        yield self.family()

    def family(self):
        return GaugeMetricFamily("platziflix_lesson_videos", "Lessons by video processing state.", labels=["state"])

    def collect(self):
        family = self.family()
        try:
            counts = dict(Lesson.objects.order_by().values_list("video_status").annotate(count=Count("pk")))
        except DatabaseError as error:
            logger.warning("Lesson videos were not counted for /metrics: %s", error)
            return
        for state in Lesson.VideoStatus.values:
            family.add_metric([state], counts.get(state, 0))
        yield family
