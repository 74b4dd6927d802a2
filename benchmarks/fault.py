"""Fault test: the database restarts, a worker dies and Redis stops while 32 clients read and rate courses.

Creates a throw-away PostgreSQL cluster of its own (``initdb`` in a temporary folder, its own port, loopback
only; never the server the developer or CI uses), migrates it and loads the demo catalog, then runs gunicorn
with ``DEBUG=0`` against it, in two phases:

- ``database``: no Redis (the cache, throttles and limits are in the database). While the clients run it restarts
  PostgreSQL and kills one gunicorn worker with SIGKILL. Targets: no lost write, no error after recovery, and only
  503 (never 500) while the database is away.
- ``redis``: with a redis-server of its own (its own port, nothing saved) as cache, sessions and counters. Besides
  the readers and raters, a few clients load ``/me/`` with a session and a few send wrong passwords to the token
  endpoint; it stops Redis for ``--redis-down-for`` seconds. Targets: no 5xx at all, except the intended 503 on
  log-in while Redis is away (never a password checked uncounted), and no lost write.

Each phase prints the requests, the answers during and after the outage by kind of request, p50/p99 latency and
the acknowledged rating writes the database lost.

    .venv/bin/python benchmarks/fault.py --pg-port 8503 --redis-port 8502 --port 8510 --data-dir /tmp/pf-fault

Needs PostgreSQL's server programs (``initdb``, ``pg_ctl``; found under /usr/lib/postgresql/*/bin) and
``redis-server``. Run as root, the cluster belongs to the ``postgres`` user. Everything is removed at the end.
"""

import argparse
import glob
import http.client
import itertools
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pg-port", type=int, default=55432, help="port of the throw-away PostgreSQL cluster")
    parser.add_argument("--data-dir", help="folder for the cluster (default: a new temporary folder)")
    parser.add_argument("--port", type=int, default=8301, help="gunicorn's port")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=40, help="how long the clients run")
    parser.add_argument("--restart-at", type=float, default=10, help="seconds in: restart PostgreSQL")
    parser.add_argument("--kill-at", type=float, default=25, help="seconds in: SIGKILL one gunicorn worker")
    parser.add_argument("--phases", default="database,redis", help="which phases to run, comma-separated")
    parser.add_argument("--redis-port", type=int, default=56379, help="port of the throw-away redis-server")
    parser.add_argument("--redis-seconds", type=float, default=30, help="how long the clients run in the Redis phase")
    parser.add_argument("--redis-down-at", type=float, default=7, help="seconds in: stop Redis")
    parser.add_argument("--redis-down-for", type=float, default=15, help="seconds Redis stays stopped")
    return parser.parse_args()


def pg_program(name):
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if not found:
        raise SystemExit(f"{name} not found: install PostgreSQL's server package")
    return found


class Cluster:
    """A PostgreSQL cluster in ``data_dir``, listening on 127.0.0.1:``port`` only."""

    def __init__(self, data_dir, port):
        self.data_dir, self.port = Path(data_dir), port
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *command, check=True):
        return subprocess.run([*self.as_postgres, *command], check=check, capture_output=True, text=True)

    def create(self):
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.data_dir, "postgres", "postgres")
        self._run(pg_program("initdb"), "-D", str(self.data_dir / "data"), "-U", "postgres", "-A", "trust")
        self.start()
        subprocess.run(
            ["createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "platziflix_fault"], check=True
        )

    def _pg_ctl(self, action, *extra):
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data_dir}"
        return self._run(
            pg_program("pg_ctl"),
            action,
            "-D",
            str(self.data_dir / "data"),
            "-o",
            options,
            "-w",
            "-l",
            str(self.data_dir / "postgres.log"),
            *extra,
        )

    def start(self):
        self._pg_ctl("start")

    def restart(self):
        self._pg_ctl("restart", "-m", "fast")

    def destroy(self):
        self._run(pg_program("pg_ctl"), "stop", "-D", str(self.data_dir / "data"), "-m", "immediate", check=False)
        shutil.rmtree(self.data_dir, ignore_errors=True)

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/platziflix_fault"


class RedisServer:
    """A redis-server on 127.0.0.1:``port`` that keeps nothing on disk; stopped and started again by the test."""

    def __init__(self, port):
        self.port, self.process = port, None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        for _ in range(100):
            if self.process.poll() is not None:
                raise SystemExit(f"redis-server did not start on port {self.port}")
            if subprocess.run(["redis-cli", "-p", str(self.port), "ping"], capture_output=True).stdout == b"PONG\n":
                return
            time.sleep(0.05)
        raise SystemExit("redis-server did not answer")

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


SESSION_PASSWORD = "fault-session-password-42"


def prepare_database(clients):
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from courses.models import Course

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    learners = []
    for n in range(clients):
        user, _ = get_user_model().objects.get_or_create(username=f"fault-{n}")
        learners.append((user.pk, Token.objects.get_or_create(user=user)[0].key))
    for n in range(4):  # signed in on the site, for the Redis phase's session clients
        user, _ = get_user_model().objects.get_or_create(username=f"fault-session-{n}")
        user.set_password(SESSION_PASSWORD)
        user.save()
    slugs = list(Course.objects.published().order_by("slug").values_list("slug", flat=True)[:6])
    return learners, slugs


def start_gunicorn(args, env, log_path=os.devnull):
    """gunicorn on ``args.port``; the app's log (stdout) and gunicorn's (stderr) go to ``log_path``."""
    command = [
        str(PROJECT_DIR / ".venv/bin/gunicorn"),
        "platziflix.wsgi",
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        "--log-level=warning",
    ]
    with open(log_path, "ab") as log:
        server = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(150):
        try:
            if call(args.port, "GET", "/health/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def call(port, method, path, token=None, body=None, cookies=None, form=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    if cookies:
        headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in cookies.items())
    if form is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        payload = urllib.parse.urlencode(form)
    elif body is not None:
        headers["Content-Type"] = "application/json"
        payload = json.dumps(body)
    else:
        payload = None
    try:
        connection.request(method, path, body=payload, headers=headers)
        response = connection.getresponse()
        content = response.read()
        if cookies is not None:
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                cookies[name] = rest.split(";", 1)[0]
        return response.status, content
    finally:
        connection.close()


def client(port, learner, slugs, deadline, results, acknowledged, lock):
    """Reads and rating writes; each write carries a sequence number in its review, to spot lost ones."""
    user_id, token = learner
    rng = random.Random(user_id)
    sequence = 0
    while time.monotonic() < deadline:
        slug = rng.choice(slugs)
        started = time.monotonic()
        write = rng.random() < 0.35
        try:
            if write:
                sequence += 1
                body = {"score": rng.randint(1, 5), "review": f"fault #{sequence}"}
                status, _ = call(port, "POST", f"/api/v1/courses/{slug}/ratings/", token, body)
                if status in (200, 201):
                    with lock:
                        acknowledged[(user_id, slug)] = sequence
            else:
                path = rng.choice([f"/api/v1/courses/{slug}/", "/api/v1/courses/?page_size=5", f"/courses/{slug}/"])
                status, _ = call(port, "GET", path)
        except (OSError, http.client.HTTPException):
            status = 0  # connection dropped: the killed worker's requests in flight
        with lock:
            results.append((started, time.monotonic() - started, status, "write" if write else "read"))


def sign_in(port, username):
    """Signs in on the site (log-in page, CSRF token, form); answers the session's cookies."""
    cookies = {}
    _, page = call(port, "GET", "/accounts/login/", cookies=cookies)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    form = {"username": username, "password": SESSION_PASSWORD, "csrfmiddlewaretoken": token}
    status, _ = call(port, "POST", "/accounts/login/", cookies=cookies, form=form)
    if status != 302:
        raise SystemExit(f"{username} could not sign in: {status}")
    return cookies


def session_client(port, cookies, deadline, results, lock):
    """Loads /me/ with a signed-in learner's session cookie."""
    while time.monotonic() < deadline:
        started = time.monotonic()
        try:
            status, _ = call(port, "GET", "/me/", cookies=dict(cookies))
        except (OSError, http.client.HTTPException):
            status = 0
        with lock:
            results.append((started, time.monotonic() - started, status, "session"))
        time.sleep(0.05)


def guessing_client(port, number, deadline, results, lock):
    """Wrong passwords for one account at the token endpoint: 400 while counted, 503 while they cannot be."""
    while time.monotonic() < deadline:
        started = time.monotonic()
        body = {"username": "fault-0", "password": f"guess-{number}-{started}"}
        try:
            status, _ = call(port, "POST", "/api/v1/auth/token/", body=body)
        except (OSError, http.client.HTTPException):
            status = 0
        with lock:
            results.append((started, time.monotonic() - started, status, "log-in"))
        time.sleep(0.05)


def lost_writes(acknowledged):
    from django.db import connections

    from learning.models import Rating

    connections.close_all()  # this process's connection did not survive the restart

    lost = []
    for (user_id, slug), sequence in acknowledged.items():
        review = Rating.objects.filter(user_id=user_id, course__slug=slug).values_list("review", flat=True).first()
        stored = int(review.split("#")[1]) if review and "#" in review else 0
        if stored < sequence:
            lost.append((user_id, slug, sequence, stored))
    return lost


def kill_one_worker(server):
    children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
    if children:
        os.kill(int(children[0]), signal.SIGKILL)
    return children[:1]


def run_clients(args, learners, slugs, seconds, extra=()):
    """Starts the readers and raters (and ``extra`` (target, args) clients); answers what they need to report."""
    results, acknowledged, lock = [], {}, threading.Lock()
    began = time.monotonic()
    deadline = began + seconds
    threads = [
        threading.Thread(target=client, args=(args.port, learner, slugs, deadline, results, acknowledged, lock))
        for learner in learners
    ]
    threads += [
        threading.Thread(target=target, args=(*target_args, deadline, results, lock)) for target, target_args in extra
    ]
    for thread in threads:
        thread.start()
    return began, threads, results, acknowledged


def by_kind(results, keep):
    counts = {}
    for started, elapsed, status, kind in results:
        if keep(started, elapsed):
            counts.setdefault(kind, Counter())[status] += 1
    return {kind: dict(sorted(statuses.items())) for kind, statuses in sorted(counts.items())}


def report_common(args, results, wall, lost, acknowledged):
    latencies = sorted(elapsed for _, elapsed, *_ in results)
    print(
        f"  {len(results)} requests from {args.clients} clients in {wall:.1f} s ({len(results) / wall:.0f} req/s); "
        f"gunicorn {args.workers} workers x {args.threads} threads, DEBUG=0"
    )
    print("  all status codes:", dict(sorted(Counter(status for *_, status, _ in results).items())))
    print(
        f"  latency ms: p50 {statistics.median(latencies) * 1000:.0f}, "
        f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.0f}"
    )
    print(f"  acknowledged rating writes: {len(acknowledged)} latest per learner and course; lost: {len(lost)}")


def database_phase(args, cluster, env, learners, slugs):
    """PostgreSQL restarts, then a gunicorn worker is killed; no Redis. Answers whether the targets held."""
    print("Phase database: PostgreSQL restart and a killed worker, no Redis (counters in the database)")
    server = start_gunicorn(args, env)
    try:
        began, threads, results, acknowledged = run_clients(args, learners, slugs, args.seconds)
        time.sleep(args.restart_at)
        outage_start = time.monotonic()
        cluster.restart()
        recovered = time.monotonic()
        time.sleep(max(0.0, began + args.kill_at - time.monotonic()))
        killed = kill_one_worker(server)
        killed_at = time.monotonic()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - began
        lost = lost_writes(acknowledged)
    finally:
        stop_gunicorn(server)

    # During: in flight at any moment of the outage; after: sent once PostgreSQL accepted connections again.
    during = Counter(
        status for started, elapsed, status, _ in results if started < recovered and started + elapsed >= outage_start
    )
    after = Counter(status for started, _, status, _ in results if started >= recovered)
    errors_after = sum(count for status, count in after.items() if status >= 500)
    print(
        f"  PostgreSQL restart at {outage_start - began:.1f} s, back after {recovered - outage_start:.1f} s; "
        f"worker {','.join(killed) or '?'} killed at {killed_at - began:.1f} s"
    )
    print("  answers while the database was down:", dict(sorted(during.items())))
    print("  5xx while the database was down:", {s: c for s, c in sorted(during.items()) if s >= 500} or "none")
    print("  5xx after recovery:", errors_after)
    print("  connections dropped (the killed worker's requests in flight):", sum(1 for *_, s, _ in results if s == 0))
    report_common(args, results, wall, lost, acknowledged)
    return not (lost or errors_after or any(status >= 500 and status != 503 for status in during))


def redis_phase(args, env, learners, slugs, log_path):
    """Redis (cache, sessions, counters) stops for a while under load. Answers whether the targets held."""
    print(f"Phase redis: Redis stopped for {args.redis_down_for:.0f} s (cache, sessions and counters in Redis)")
    redis_server = RedisServer(args.redis_port)
    redis_server.start()
    env = {**env, "REDIS_URL": redis_server.url, "CELERY_BROKER_URL": redis_server.url, "LOG_LEVEL": "WARNING"}
    server = None
    try:
        server = start_gunicorn(args, env, log_path)
        extra = [(session_client, (args.port, sign_in(args.port, f"fault-session-{n}"))) for n in range(4)]
        extra += [(guessing_client, (args.port, n)) for n in range(2)]
        began, threads, results, acknowledged = run_clients(args, learners, slugs, args.redis_seconds, extra)
        time.sleep(args.redis_down_at)
        down_at = time.monotonic()
        redis_server.stop()
        time.sleep(args.redis_down_for)
        redis_server.start()
        back_at = time.monotonic()
        for thread in threads:
            thread.join()
        wall = time.monotonic() - began
        lost = lost_writes(acknowledged)
    finally:
        stop_gunicorn(server)
        redis_server.stop()

    # Away: in flight at any moment Redis was stopped, or in the second after (a process that saw Redis fail
    # tries it again a second later: core.cache_backends.RedisCache.RETRY_SECONDS).
    away_until = back_at + 1.5
    during = by_kind(results, lambda started, elapsed: started < away_until and started + elapsed >= down_at)
    outside = by_kind(results, lambda started, elapsed: started + elapsed < down_at or started >= away_until)
    failed = [
        count
        for window, counts in (("away", during), ("outside", outside))
        for kind, statuses in counts.items()
        for status, count in statuses.items()
        if (status >= 500 or status == 0) and not (window == "away" and kind == "log-in" and status == 503)
    ]
    unintended = sum(failed)
    print(f"  Redis stopped at {down_at - began:.1f} s, started again at {back_at - began:.1f} s")
    print("  answers while Redis was away, by kind:", during)
    print("  answers before and after, by kind:", outside)
    print("  5xx other than the log-ins' 503 while Redis was away:", unintended)
    log = Path(log_path).read_text(errors="replace").splitlines()
    said = Counter(
        message
        for line in log
        for message in ("does not answer", "answers again")
        if message in line and "core.cache_backends" in line
    )
    traced = Counter(
        re.sub(r"^\S+ \S+ ", "", before)[:100]  # the record's line, without its date and time
        for before, line in itertools.pairwise(log)
        if line.startswith("Traceback")
    )
    print(
        f"  log ({args.workers} workers): {said['does not answer']} lines saying Redis does not answer, "
        f"{said['answers again']} saying it answers again; tracebacks: {dict(traced) or 'none'}"
    )
    report_common(args, results, wall, lost, acknowledged)
    return not (lost or unintended)


def stop_gunicorn(server):
    if server is not None:
        server.terminate()
        server.wait(timeout=30)


def main():
    args = parse_args()
    phases = args.phases.split(",")
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="platziflix-fault-")
    cluster = Cluster(data_dir, args.pg_port)
    cluster.create()
    held = []
    try:
        os.environ.update(DATABASE_URL=cluster.url, DJANGO_SETTINGS_MODULE="platziflix.settings")
        learners, slugs = prepare_database(args.clients)
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": "fault-test-secret-key-not-for-production-0123456789abcdef",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "API_THROTTLE_ANON": "1000000/minute",
            "API_THROTTLE_USER": "1000000/minute",
            "API_THROTTLE_AUTH_TOKEN": "1000000/minute",
            "LOGIN_LIMIT_PER_ACCOUNT": "1000000/15m",
            "LOGIN_LIMIT_PER_ADDRESS": "1000000/15m",
            "LOG_LEVEL": "ERROR",
        }
        env.pop("REDIS_URL", None)
        env.pop("CELERY_BROKER_URL", None)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, check=True
        )
        if "database" in phases:
            held.append(database_phase(args, cluster, env, learners, slugs))
        if "redis" in phases:
            held.append(redis_phase(args, env, learners, slugs, Path(data_dir) / "gunicorn-redis.log"))
    finally:
        cluster.destroy()
    sys.exit(0 if all(held) else 1)


if __name__ == "__main__":
    main()
