"""Ninety days of demo learners' activity for the analytics pages and the demo learner's week on /me/, added once
by ``seed_demo`` (bulk inserts, then the rollups rebuilt: about two seconds of CPU)."""

from django.contrib.auth import get_user_model

from analytics.generate import activity_generate

PREFIX = "aprendiz-demo"
LEARNERS = 150


def seed_activity(courses, learner):
    if get_user_model().objects.filter(username__startswith=f"{PREFIX}-").exists():
        return
    activity_generate(courses=courses, learners=LEARNERS, learner_prefix=PREFIX, days=90, extra_users=[learner])
