"""Limits hold on every backend and under concurrency: the password-reset window lasts its hour on the database
cache, and attempts sent at once never get more password checks than the log-in limit allows."""

import threading
import time

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.db import connections
from django.test import Client

PASSWORD = "learner-password-123"


@pytest.mark.django_db
def test_the_three_per_hour_password_reset_limit_holds_for_the_hour_on_the_database_cache(
    client, learner, settings, clock
):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "platziflix_cache"}
    }
    settings.RATE_LIMITS = {
        **settings.RATE_LIMITS,
        "password_reset_per_account": (3, 3600),
        "password_reset_per_address": (100, 3600),
    }

    def reset():
        return client.post("/accounts/password/reset/", {"email": learner.email}).status_code

    first_three = [reset() for _ in range(3)]
    clock.move(10 * 60)
    ten_minutes_later = reset()
    clock.move(40 * 60)
    fifty_minutes_later = reset()
    sent_within_the_hour = len(mail.outbox)
    clock.move(10 * 60)
    next_hour = reset()

    assert [*first_three, ten_minutes_later, fifty_minutes_later, next_hour] == [302] * 6
    assert sent_within_the_hour == 3
    assert len(mail.outbox) == 4


class SlowCountingHasher(MD5PasswordHasher):
    """The test hasher, made as slow as a real one (so attempts sent at once overlap) and counting its checks."""

    algorithm = "slow_counting_md5"
    checks = 0
    lock = threading.Lock()

    def verify(self, password, encoded):
        with self.lock:
            type(self).checks += 1
        time.sleep(0.05)
        return super().verify(password, encoded)


@pytest.mark.django_db(transaction=True)
def test_thirty_simultaneous_wrong_passwords_get_no_more_password_checks_than_the_limit(settings, django_user_model):
    settings.PASSWORD_HASHERS = [f"{__name__}.SlowCountingHasher"]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "login_per_account": (10, 900), "login_per_address": (30, 900)}
    django_user_model.objects.create_user("target", "target@example.com", PASSWORD)
    SlowCountingHasher.checks = 0
    statuses, lock = [], threading.Lock()
    barrier = threading.Barrier(30)

    def guess(n):
        try:
            barrier.wait()
            status = Client().post("/accounts/login/", {"username": "target", "password": f"guess-{n}"}).status_code
            with lock:
                statuses.append(status)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=guess, args=(n,)) for n in range(30)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert SlowCountingHasher.checks <= 10
    assert sorted(statuses) == [200] * 10 + [429] * 20
