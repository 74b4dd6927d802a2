"""The events analytics listens to, each handed to the service that keeps its rollups once the writing
transaction has committed: a rolled-back event is never counted, and the writer holds no lock on the day's
shared rows (every progress save of the site adds to today's SiteDay), so writers never wait on each other or
deadlock through them. An event lost between the commit and its count (a crash) comes back with the nightly
rebuild."""

from functools import partial

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_save

from analytics import services
from courses import signals as course_signals
from learning import signals as learning_signals
from learning.models import Certificate


def _progress_saved(sender, *, progress, previous_position, newly_completed, **kwargs):
    transaction.on_commit(
        partial(
            services.lesson_progress_record,
            progress=progress,
            previous_position=previous_position,
            newly_completed=newly_completed,
        )
    )


def _rating_changed(sender, *, course_id, rated_at, before, after, **kwargs):
    transaction.on_commit(
        partial(services.rating_record, course_id=course_id, rated_at=rated_at, before=before, after=after)
    )


def _exam_attempt_scored(sender, *, attempt, question_ids, wrong_question_ids, **kwargs):
    transaction.on_commit(
        partial(
            services.exam_attempt_record,
            attempt=attempt,
            question_ids=question_ids,
            wrong_question_ids=wrong_question_ids,
        )
    )


def _certificate_saved(sender, *, instance, created, raw=False, **kwargs):
    if created and not raw:
        transaction.on_commit(partial(services.certificate_record, certificate=instance))


def _user_saved(sender, *, instance, created, raw=False, **kwargs):
    if created and not raw:
        transaction.on_commit(partial(services.signup_record, user=instance))


def _catalog_searched(sender, *, text, found, **kwargs):
    transaction.on_commit(partial(services.search_record, text=text, found=found))


def _video_processed(sender, *, lesson_id, outcome, seconds, **kwargs):
    transaction.on_commit(partial(services.video_run_record, lesson_id=lesson_id, outcome=outcome, seconds=seconds))


def connect():
    learning_signals.lesson_progress_saved.connect(_progress_saved, dispatch_uid="analytics.progress")
    learning_signals.rating_changed.connect(_rating_changed, dispatch_uid="analytics.rating")
    learning_signals.exam_attempt_scored.connect(_exam_attempt_scored, dispatch_uid="analytics.exam")
    post_save.connect(_certificate_saved, sender=Certificate, dispatch_uid="analytics.certificate")
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="analytics.signup")
    course_signals.catalog_searched.connect(_catalog_searched, dispatch_uid="analytics.search")
    course_signals.lesson_video_processed.connect(_video_processed, dispatch_uid="analytics.video")
