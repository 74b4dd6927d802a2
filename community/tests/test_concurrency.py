"""Fifty learners voting on one post at once, each in its own thread and database connection (PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from community import services
from community.models import Reply, Thread, Vote
from community.tests.factories import ReplyFactory, ThreadFactory, VeteranFactory

VOTERS = 50


def _run_at_once(jobs):
    barrier = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            barrier.wait(timeout=30)
            job()
        except Exception as exc:  # collected and re-raised in the test thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors


@pytest.fixture
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises all writers; run with DATABASE_URL=postgres://...")


@pytest.mark.django_db(transaction=True)
def test_fifty_learners_voting_at_once_leave_fifty_votes_and_a_count_equal_to_the_rows(postgresql_only):
    thread = ThreadFactory()
    voters = VeteranFactory.create_batch(VOTERS)

    _run_at_once([lambda voter=voter: services.vote_set(user=voter, post=thread, voted=True) for voter in voters])

    assert Vote.objects.filter(thread=thread).count() == VOTERS
    assert Thread.objects.get(pk=thread.pk).votes == VOTERS


@pytest.mark.django_db(transaction=True)
def test_votes_given_and_taken_back_at_once_keep_the_count_equal_to_the_rows(postgresql_only):
    reply = ReplyFactory()
    voters = VeteranFactory.create_batch(VOTERS)
    for voter in voters[::2]:
        services.vote_set(user=voter, post=reply, voted=True)

    _run_at_once(
        [
            lambda voter=voter, index=index: services.vote_set(user=voter, post=reply, voted=index % 2 == 1)
            for index, voter in enumerate(voters)
        ]
        + [lambda voter=voter: services.vote_set(user=voter, post=reply, voted=True) for voter in voters[1::4]]
    )

    rows = Vote.objects.filter(reply=reply).count()
    assert rows == VOTERS // 2
    assert Reply.objects.get(pk=reply.pk).votes == rows
