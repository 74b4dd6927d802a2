"""Fault test: the database restarts and a worker dies while 32 clients read and rate courses.

Creates a throw-away PostgreSQL cluster of its own (``initdb`` in a temporary folder, its own port, loopback
only; never the server the developer or CI uses), migrates it and loads the demo catalog, then runs gunicorn
with ``DEBUG=0`` against it. While the clients run it restarts PostgreSQL and kills one gunicorn worker with
SIGKILL, then prints the requests, the 5xx answers during and after the outage, p50/p99 latency and the
acknowledged rating writes the database lost. Targets: no lost write, no error after recovery, and only 503
(never 500) while the database is away.

    .venv/bin/python benchmarks/fault.py --pg-port 55411 --port 8111 --data-dir /tmp/pf-fault

Needs PostgreSQL's server programs (``initdb``, ``pg_ctl``; found under /usr/lib/postgresql/*/bin). Run as
root, the cluster belongs to the ``postgres`` user. Everything is removed at the end.
"""

import argparse
import glob
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
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
    slugs = list(Course.objects.published().order_by("slug").values_list("slug", flat=True)[:6])
    return learners, slugs


def start_gunicorn(args, env):
    command = [
        str(PROJECT_DIR / ".venv/bin/gunicorn"),
        "platziflix.wsgi",
        f"--bind=127.0.0.1:{args.port}",
        f"--workers={args.workers}",
        f"--threads={args.threads}",
        "--log-level=warning",
    ]
    server = subprocess.Popen(command, cwd=PROJECT_DIR, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for _ in range(150):
        try:
            if call(args.port, "GET", "/health/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def call(port, method, path, token=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    if body is not None:
        headers["Content-Type"] = "application/json"
    try:
        connection.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status, response.headers
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
            results.append((started, time.monotonic() - started, status))


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


def main():
    args = parse_args()
    data_dir = args.data_dir or tempfile.mkdtemp(prefix="platziflix-fault-")
    cluster = Cluster(data_dir, args.pg_port)
    cluster.create()
    server = None
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
            "LOG_LEVEL": "ERROR",
        }
        env.pop("REDIS_URL", None)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, check=True
        )
        server = start_gunicorn(args, env)
        results, acknowledged, lock = [], {}, threading.Lock()
        began = time.monotonic()
        threads = [
            threading.Thread(
                target=client, args=(args.port, learner, slugs, began + args.seconds, results, acknowledged, lock)
            )
            for learner in learners
        ]
        for thread in threads:
            thread.start()
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
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        cluster.destroy()

    # During: in flight at any moment of the outage; after: sent once PostgreSQL accepted connections again.
    during = Counter(
        status for started, elapsed, status in results if started < recovered and started + elapsed >= outage_start
    )
    after = Counter(status for started, _, status in results if started >= recovered)
    latencies = sorted(elapsed for _, elapsed, _ in results)
    errors_after = sum(count for status, count in after.items() if status >= 500)
    print(
        f"{len(results)} requests from {args.clients} clients in {wall:.1f} s ({len(results) / wall:.0f} req/s); "
        f"gunicorn {args.workers} workers x {args.threads} threads, DEBUG=0"
    )
    print(
        f"PostgreSQL restart at {outage_start - began:.1f} s, back after {recovered - outage_start:.1f} s; "
        f"worker {','.join(killed) or '?'} killed at {killed_at - began:.1f} s"
    )
    print("answers while the database was down:", dict(sorted(during.items())))
    print("5xx while the database was down:", {s: c for s, c in sorted(during.items()) if s >= 500} or "none")
    print("5xx after recovery:", errors_after)
    print("connections dropped (the killed worker's requests in flight):", sum(1 for *_, s in results if s == 0))
    print("all status codes:", dict(sorted(Counter(status for *_, status in results).items())))
    print(
        f"latency ms: p50 {statistics.median(latencies) * 1000:.0f}, "
        f"p99 {latencies[int(len(latencies) * 0.99) - 1] * 1000:.0f}"
    )
    print(f"acknowledged rating writes: {len(acknowledged)} latest per learner and course; lost: {len(lost)}")
    failed = lost or errors_after or any(status >= 500 and status != 503 for status in during)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
