"""Throughput of Platziflix's pages and API next to the framework's ceiling, with wrk on loopback.

Starts two gunicorn servers with the same configuration: Platziflix with ``DEBUG=0``, and the ceiling
(benchmarks/ceiling.py), a one-file Django app with no middleware whose one view runs ``SELECT 1`` on the same
PostgreSQL. Then wrk (``-t 2 --latency``) measures fourteen Platziflix endpoints and the ceiling at 8 and 32
connections, interleaved in rounds (each round: for each connection count, the ceiling, then every endpoint),
so the load the shared machine happens to carry spreads over all of them. The table gives each endpoint's
median req/s and its median p50 and p99 over the rounds, and its req/s as a share of the ceiling's in the same
run: absolute figures jitter on a shared 2-core machine, the share is what compares between runs.

gunicorn: ``-w 2 -k gthread --threads 4``, the configuration of PERFORMANCE.md. Two workers for two cores;
four threads each overlap the waits on PostgreSQL and Redis; and the gthread worker keeps HTTP connections
alive, as a proxy in front of production does, where the sync worker closes the connection after every
answer and wrk (which uses keep-alive) would mostly measure TCP set-up. Database connections persist
(CONN_MAX_AGE's default, 600 s; one per thread) in both servers.

Platziflix runs with DEBUG=0, SECURE_SSL_REDIRECT=0, REDIS_URL (db 5 unless --redis-url) for the cache,
sessions and throttles, and the API throttle rates raised to 100000000/minute: nothing answers 429, but the
throttles' bookkeeping still runs on every API request the cache does not answer. Every wrk request says
``Accept-Encoding: gzip``, as browsers and the apps' HTTP clients do. ``--env KEY=VALUE`` (repeatable) is passed
to the Platziflix server only, to measure with a feature switched off (``PUBLIC_CACHE=0``: every read renders).

The endpoints use the first synthetic course of ``seed_scale`` (or --course) and its first lesson. The signed-in
course page, lesson page, home page (with "continue watching") and ``/me/`` are requested with the session
cookie of the learner ``bench-http-learner``, whom the script creates if missing, with a rating of that course
and progress in its first lessons; it makes a new session each run.
Every endpoint must answer 200 before anything is measured (each signed-in page must show the learner's own
data: SIGNED_IN_MARKS); then each is warmed (--warmup requests from as many clients as the server has threads, so
every thread holds its database connection) and one answer is timed on the idle server (median of three),
to size its runs. Any non-2xx/3xx answer or socket error wrk reports is printed under the tables.

Each run line ends with how wrk's connections were shared among the server's processes, a second into the run
(``4+4``; ``8+0`` when one worker accepted them all). Keep-alive connections stay with the worker that accepted
them, and wrk opens its connections in one burst, which one gunicorn worker often accepts whole: that run
measures one worker, at a third to a half of the rate of an even one on 2 cores, and would make the share of
the ceiling a coin toss. So a run on either of the script's servers where one worker holds every connection is
run again, up to three attempts; the tables use the last. The script counts the runs it repeated and lists any
measured run still lopsided (the --compare servers' too, which it does not repeat).

A run lasts --seconds, except for an endpoint too slow to answer each connection about three times in that
time (the whole compat list: seconds per answer, a few at a time): its run is made long enough, up to
--max-seconds. wrk does not cancel the requests in flight when it stops, so after each run the script waits
until the server's processes stop using CPU before the next run starts.

Bounded: the expected duration is printed before measuring (about 7 minutes with the defaults on the seed_scale
catalog; about 13 with ``--env PUBLIC_CACHE=0``, most of it the uncached compat list's long runs and drains).
Loopback only; both servers are stopped on exit, Ctrl-C or error. Prepare the catalog once:

    createdb -h 127.0.0.1 -U postgres platziflix_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/platziflix_bench
    .venv/bin/python manage.py migrate
    DEMO_VIDEOS=0 .venv/bin/python manage.py seed_demo    # categories and teachers; no video processing
    .venv/bin/python manage.py seed_scale                 # 10,000 courses, 200,000 lessons, 1,000,000 ratings
    .venv/bin/python benchmarks/throughput.py             # needs wrk (apt-get install wrk)
    .venv/bin/python benchmarks/throughput.py --only compat --rounds 1 --json after.json --env CONN_MAX_AGE=0

``--nginx`` puts deploy/nginx.conf in front of both servers (wrk talks to nginx; the connections counted per
process are then nginx's upstream connections to gunicorn), ``--deploy-config`` runs both with
deploy/gunicorn.conf.py, and ``--workers`` / ``--threads`` size them: how the production settings were chosen.

``--mixed`` measures reads while writes arrive instead: anonymous reads spread evenly over the course pages and
``/api/v1/`` course details of --mixed-courses published courses (wrk, a Lua script that picks a path at random
for each request and counts the answers' ``X-Cache``), while four threads post ratings through the API with
tokens at a steady --ratings-per-second in all, on random courses of the same set. The cache is warmed first:
every path read once, then --mixed-warmup seconds of the same reads with no ratings (the idle hit ratio). It
reports the hit ratio, req/s, p50 and p99 of the reads and how many ratings were accepted. To compare with
another commit, run this same script from a checkout of it:

    git worktree add --detach /tmp/platziflix-main main && cp benchmarks/throughput.py /tmp/platziflix-main/benchmarks/
    .venv/bin/python /tmp/platziflix-main/benchmarks/throughput.py --mixed
    .venv/bin/python benchmarks/throughput.py --mixed

``--compare LABEL=URL`` adds a server you started yourself on loopback to the same rounds, e.g. the original
FastAPI backend on a copy of the catalog: ``--compare "original course detail=http://127.0.0.1:8403/courses/{course}"``
(its drain between runs is a fixed second, since its processes are not the script's to watch).
"""

import argparse
import json
import math
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")

LEARNER = "bench-http-learner"
THROTTLE_RATE = "100000000/minute"
WORKERS, THREADS = 2, 4  # --workers and --threads change them
GUNICORN_OPTIONS = [f"--workers={WORKERS}", "--worker-class=gthread", f"--threads={THREADS}", "--log-level=warning"]
UPSTREAM_OFFSET = 10  # with --nginx, gunicorn listens this many ports above the port nginx (and wrk) use
WRK_THREADS = 2
# Browsers and the mobile apps' HTTP clients all ask for compressed answers; wrk asks for none unless told.
ACCEPT_GZIP = "Accept-Encoding: gzip"
WRK_TIMEOUT = "120s"  # the whole compat list takes seconds at 32 connections; wrk's default (2 s) counts it as lost
# What only the signed-in learner's own page shows, by endpoint: the answer must carry it before anything is measured.
SIGNED_IN_MARKS = {
    "course page, signed in": "lesson-list__item is-completed",  # their completed lessons
    "lesson page, signed in": "lesson-list__item is-completed",
    "home page, signed in": "continue-watching",  # the course they started, under "continue watching"
    "/me/, signed in": "progress-card",
}


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8401, help="Platziflix's port on 127.0.0.1")
    parser.add_argument("--ceiling-port", type=int, default=8402, help="the ceiling app's port on 127.0.0.1")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5, help="length of each wrk run")
    parser.add_argument("--max-seconds", type=int, default=60, help="the longest a slow endpoint's run may last")
    parser.add_argument(
        "--warmup", type=int, default=3, help="requests per server thread and endpoint before measuring"
    )
    parser.add_argument("--connections", default="8,32", help="wrk connection counts, comma-separated")
    parser.add_argument(
        "--only", help="measure only the endpoints whose name or path contains this (any case; several: a,b)"
    )
    parser.add_argument("--course", help="the course's slug (default: the first synthetic course of seed_scale)")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/5", help="Platziflix's REDIS_URL")
    parser.add_argument(
        "--env", action="append", default=[], metavar="KEY=VALUE", help="passed to the Platziflix server only"
    )
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every run's raw figures to FILE")
    parser.add_argument("--workers", type=int, default=WORKERS, help="gunicorn workers of both servers")
    parser.add_argument("--threads", type=int, default=THREADS, help="threads per gunicorn worker")
    parser.add_argument(
        "--deploy-config",
        action="store_true",
        help="run both servers with deploy/gunicorn.conf.py (reuse_port, keep-alive; WEB_CONCURRENCY=--workers, "
        "WEB_THREADS=--threads) instead of plain gunicorn options",
    )
    parser.add_argument(
        "--nginx",
        action="store_true",
        help=f"put deploy/nginx.conf in front of both servers: wrk talks to nginx on --port and --ceiling-port, "
        f"gunicorn listens {UPSTREAM_OFFSET} ports higher, and the connections counted per process are nginx's "
        "to gunicorn",
    )
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="LABEL=URL",
        help="also measure a server you started on loopback (another implementation of an endpoint, say), in the "
        "same rounds; the URL may name {course}, {course_id}, {lesson} and {lesson_id}. Repeatable.",
    )
    parser.add_argument("--mixed", action="store_true", help="reads over many courses while ratings arrive (above)")
    parser.add_argument("--mixed-courses", type=int, default=1000, help="how many courses the mixed reads spread over")
    parser.add_argument("--mixed-seconds", type=int, default=30, help="length of the measured mixed run")
    parser.add_argument("--mixed-warmup", type=int, default=10, help="seconds of reads, no ratings, before it")
    parser.add_argument("--mixed-connections", type=int, default=8)
    parser.add_argument("--ratings-per-second", type=float, default=5.0)
    args = parser.parse_args()
    args.connections = [int(count) for count in args.connections.split(",")]
    if args.rounds < 1 or args.seconds < 1 or not args.connections or min(args.connections) < WRK_THREADS:
        parser.error(f"--rounds and --seconds must be at least 1, every connection count at least {WRK_THREADS}")
    if any("=" not in pair for pair in args.env):
        parser.error("--env takes KEY=VALUE")
    if any("=" not in pair for pair in args.compare):
        parser.error("--compare takes LABEL=URL")
    return args


def platziflix_env(args):
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "http-benchmark-secret-key-not-for-production-0123456789"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "REDIS_URL": args.redis_url,
        "API_THROTTLE_ANON": THROTTLE_RATE,
        "API_THROTTLE_USER": THROTTLE_RATE,
        "LOG_LEVEL": "WARNING",
    }
    if args.nginx:
        env["TRUSTED_PROXY_COUNT"] = "1"
    env.pop("CONN_MAX_AGE", None)  # Platziflix's default; --env CONN_MAX_AGE=... measures another
    env.update(pair.split("=", 1) for pair in args.env)
    return env


def prepare(course_slug):
    """The course, its first lesson, and a signed-in learner with a rating and progress there (made once)."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.db import connections
    from django.test import Client

    from courses.models import Course
    from learning import services
    from learning.models import LessonProgress, Rating

    courses = Course.objects.published().filter(lessons__isnull=False).distinct()
    if course_slug:
        course = courses.filter(slug=course_slug).first()
    else:
        course = courses.filter(slug__startswith="curso-sintetico-").order_by("pk").first()
    if course is None:
        raise SystemExit(f"No published course {course_slug or 'from seed_scale'} with lessons: run seed_scale.")
    lessons = list(course.lessons.order_by("position", "pk")[:4])
    learner, _created = get_user_model().objects.get_or_create(
        username=LEARNER, defaults={"email": f"{LEARNER}@example.com", "first_name": "Bench"}
    )
    if not Rating.objects.filter(user=learner, course=course).exists():
        services.rating_submit(user=learner, course=course, score=4, review="Medido con wrk, sin prisa.")
    if not LessonProgress.objects.filter(user=learner, lesson__course=course).exists():
        for lesson in lessons[:-1]:
            services.lesson_progress_update(user=learner, lesson=lesson, position_seconds=0, completed=True)
        services.lesson_progress_update(user=learner, lesson=lessons[-1], position_seconds=42)
    client = Client()
    client.force_login(learner)
    data = {
        "course": course.slug,
        "course_id": course.pk,
        "total_ratings": course.total_ratings,
        "lesson": lessons[0].slug,
        "lesson_id": lessons[0].pk,
        "courses": Course.objects.count(),
        "session": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}",
    }
    connections.close_all()
    return data


def endpoints(data):
    course, lesson, session = data["course"], data["lesson"], data["session"]
    return [
        ("catalog page", "/courses/", ()),
        ("course page", f"/courses/{course}/", ()),
        ("lesson page", f"/courses/{course}/lessons/{lesson}/", ()),
        ("API course list", "/api/v1/courses/", ()),
        ("API course detail", f"/api/v1/courses/{course}/", ()),
        ("API lesson detail", f"/api/v1/courses/{course}/lessons/{lesson}/", ()),
        ("API rating stats", f"/api/v1/courses/{course}/ratings/stats/", ()),
        ("compat course list", "/api/platziflix/courses", ()),
        ("compat course detail", f"/api/platziflix/courses/{course}", ()),
        ("compat class", f"/api/platziflix/classes/{data['lesson_id']}", ()),
        ("course page, signed in", f"/courses/{course}/", (f"Cookie: {session}",)),
        ("lesson page, signed in", f"/courses/{course}/lessons/{lesson}/", (f"Cookie: {session}",)),
        ("home page, signed in", "/", (f"Cookie: {session}",)),
        ("/me/, signed in", "/me/", (f"Cookie: {session}",)),
    ]


def compared_target(pair, data):
    label, url = pair.split("=", 1)
    parts = urlsplit(url.format(**data))
    if parts.scheme != "http" or parts.hostname not in ("127.0.0.1", "localhost") or not parts.port:
        raise SystemExit(f"--compare {pair!r}: give an http://127.0.0.1:PORT/... URL (loopback only).")
    return Target(label, parts.port, parts.path + (f"?{parts.query}" if parts.query else ""), ())


def git_commit():
    def git(*command):
        return subprocess.run(["git", *command], cwd=PROJECT_DIR, capture_output=True, text=True).stdout.strip()

    commit = f"{git('rev-parse', '--short=12', 'HEAD') or 'unknown'} ({git('log', '-1', '--format=%s')[:70]})"
    return commit + (" + uncommitted changes" if git("status", "--porcelain", "--untracked-files=no") else "")


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def gunicorn_description(args):
    if args.deploy_config:
        return f"-c deploy/gunicorn.conf.py (WEB_CONCURRENCY={WORKERS}, WEB_THREADS={THREADS}: gthread, reuse_port)"
    return " ".join(GUNICORN_OPTIONS)


def start_server(app, port, env, servers, args):
    """gunicorn on ``port``; with --nginx, on the port UPSTREAM_OFFSET above it, behind nginx on ``port``."""
    upstream = port + UPSTREAM_OFFSET if args.nginx else port
    for taken in {port, upstream}:
        if port_in_use(taken):
            raise SystemExit(f"Port {taken} is already taken on 127.0.0.1: pick another with --port / --ceiling-port.")
    command = [sys.executable, "-m", "gunicorn", app, f"--bind=127.0.0.1:{upstream}"]
    if args.deploy_config:
        command += ["-c", str(PROJECT_DIR / "deploy" / "gunicorn.conf.py"), "--log-level=warning"]
        env = {**env, "WEB_CONCURRENCY": str(WORKERS), "WEB_THREADS": str(THREADS)}
    else:
        command += GUNICORN_OPTIONS
    # A session of its own, so Ctrl-C reaches only this script, which then stops the server and its workers.
    servers.append(subprocess.Popen(command, cwd=PROJECT_DIR, env=env, start_new_session=True))
    if args.nginx:
        import tempfile

        from django.conf import settings

        from benchmarks import stack

        run_dir = Path(tempfile.mkdtemp(prefix=f"throughput-nginx-{port}-"))
        run_dir.chmod(0o755)
        nginx = stack.start_nginx(
            run_dir,
            listen=f"127.0.0.1:{port}",
            upstream=f"127.0.0.1:{upstream}",
            static_root=settings.STATIC_ROOT,
            media_root=settings.MEDIA_ROOT,
            log=subprocess.DEVNULL,
        )
        NGINX_PROCESSES.append(nginx)
        COUNTED_PORT[port] = upstream


NGINX_PROCESSES = []
COUNTED_PORT = {}  # nginx's port: gunicorn's, where the connections per process are counted


def stop_servers(servers):
    for server in servers:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
    for server in servers:
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


class Target(NamedTuple):
    label: str
    port: int
    path: str
    headers: tuple


def get(port, path, headers=(), *, times=1):
    """GET on one keep-alive connection, ``times`` times: the last status and body, and the median seconds."""
    import http.client

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    durations = []
    try:
        for _ in range(times):
            started = time.perf_counter()
            connection.request("GET", path, headers=dict(header.split(": ", 1) for header in headers))
            response = connection.getresponse()
            body = response.read()
            durations.append(time.perf_counter() - started)
        return response.status, body.decode("utf-8", errors="replace"), statistics.median(durations)
    finally:
        connection.close()


def warm(target, requests):
    """As many clients as the server has threads, each sending a few requests, so every thread has its database
    connection and the caches are filled before anything is measured."""
    with ThreadPoolExecutor(max_workers=WORKERS * THREADS) as pool:
        for _ in pool.map(
            lambda _n: get(target.port, target.path, target.headers, times=requests), range(WORKERS * THREADS)
        ):
            pass


def time_one(target):
    """Seconds one answer takes on the warm, otherwise idle server (median of three)."""
    return get(target.port, target.path, target.headers, times=3)[2]


def run_seconds(args, single, connections):
    """--seconds, or longer for a slow answer: each connection waits for the others' answers (about WORKERS at a
    time), and should still see about three of its own in the run so the count means something; --max-seconds
    at most."""
    return min(args.max_seconds, max(args.seconds, math.ceil(3 * connections * single / WORKERS)))


def minutes(seconds):
    return f"{seconds / 60:.0f} min" if seconds >= 90 else f"{seconds:.0f} s"


def load_average():
    return " ".join(f"{load:.2f}" for load in os.getloadavg())


def cpu_seconds(pid):
    """CPU time used so far by a process and its children: gunicorn's master and its workers."""
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # from the state on: ppid, ..., utime, stime
        except OSError:  # the process ended meanwhile
            continue
        if stat.parent.name == str(pid) or fields[1] == str(pid):
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def wait_idle(server, limit=120):
    """Wait until the server has finished the requests wrk left in flight when it stopped (it does not cancel
    them), so they do not slow the next run down. Returns the seconds waited."""
    started = time.monotonic()
    if server is None:  # a --compare server: its processes are not ours to watch
        time.sleep(1)
        return time.monotonic() - started
    before = cpu_seconds(server.pid)
    while time.monotonic() - started < limit:
        time.sleep(0.25)
        after = cpu_seconds(server.pid)
        if after - before <= 0.02:
            break
        before = after
    return time.monotonic() - started


def wait_ready(port, path, server):
    for _ in range(150):
        if server.poll() is not None:
            raise SystemExit(f"The server on port {port} exited with status {server.returncode}.")
        try:
            if get(port, path)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"The server on port {port} did not answer 200 at {path} within 30 s.")


def check_answers(plan):
    failures = []
    for label, port, path, headers in plan:
        status, body, _seconds = get(port, path, headers)
        if status != 200:
            failures.append(f"{label} {path} answered {status}: {body[:300]!r}")
        elif label in SIGNED_IN_MARKS and SIGNED_IN_MARKS[label] not in body:
            failures.append(f"{label} {path} does not show the learner's own data: is the session valid?")
    if failures:
        raise SystemExit("Not every endpoint answers 200:\n  " + "\n  ".join(failures))


# A run on a server the script started, where one worker accepted every connection, measures one worker: it is
# run again, this many times at most.
LOPSIDED_ATTEMPTS = 3
TCP_ESTABLISHED = "01"  # the state column of /proc/net/tcp
SOCKET_ERRORS = ("connect", "read", "write", "timeout")
UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text).groups()
    return float(value) * UNITS_MS[unit]


def connections_per_process(port):
    """How many of the clients' connections each process serving ``port`` holds, largest first. With keep-alive
    a connection stays with the worker that accepted it; when one worker accepts them all, which wrk's burst of
    connects brings about on some runs at 8 connections, the server runs at one worker's speed for the whole run."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            local_port, state, inode = int(fields[1].rsplit(":", 1)[1], 16), fields[3], fields[9]
            if local_port == port and state == TCP_ESTABLISHED:
                inodes.add(f"socket:[{inode}]")
    counts = {}
    for descriptor in Path("/proc").glob("[0-9]*/fd/*"):
        try:
            held = os.readlink(descriptor) in inodes
        except OSError:  # the process or the descriptor went away meanwhile
            continue
        if held:
            process = descriptor.parent.parent.name
            counts[process] = counts.get(process, 0) + 1
    return sorted(counts.values(), reverse=True)


def wrk(target, connections, seconds, *, workers=None):
    """One wrk run; ``workers``: how many worker processes the server has, when the script started it."""
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", f"--timeout={WRK_TIMEOUT}", "--latency"]
    for header in (*target.headers, ACCEPT_GZIP):
        command += ["-H", header]
    command.append(f"http://127.0.0.1:{target.port}{target.path}")
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True) as process:
        time.sleep(min(1, seconds / 2))
        split = connections_per_process(COUNTED_PORT.get(target.port, target.port))
        output = process.communicate(timeout=seconds + 60)[0]
    if process.returncode:
        raise SystemExit(f"wrk failed with status {process.returncode}:\n{output}")
    if workers:
        split += [0] * (workers - len(split))
    try:
        percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s|m|h))\s*$", output, re.MULTILINE))
        errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
        non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
        return {
            "path": target.path,
            "seconds": seconds,
            "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
            "p50_ms": to_ms(percentiles["50"]),
            "p99_ms": to_ms(percentiles["99"]),
            "requests": int(re.search(r"(\d+) requests in", output).group(1)),
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
            "wrk_output": output,
            "connections_per_process": split,
            "socket_errors": dict(zip(SOCKET_ERRORS, map(int, errors.groups() if errors else "0000"), strict=True)),
        }
    except (AttributeError, KeyError) as error:
        raise SystemExit(f"Could not read wrk's output ({error!r}):\n{output}") from None


def summarize(runs, labels, connections):
    """Per connection count and endpoint: medians over the rounds, and the share of the ceiling's median req/s."""
    table = {}
    for count in connections:
        rows = {}
        for label in labels:
            mine = [run for run in runs if run["connections"] == count and run["endpoint"] == label]
            rows[label] = {
                key: statistics.median(run[key] for run in mine) for key in ("requests_per_second", "p50_ms", "p99_ms")
            }
        ceiling = rows["ceiling"]["requests_per_second"]
        for row in rows.values():
            row["share_of_ceiling"] = row["requests_per_second"] / ceiling if ceiling else 0.0
        table[count] = rows
    return table


def print_tables(table, rounds):
    for count, rows in table.items():
        print(f"\n### {count} connections (median of {rounds} rounds)\n")
        print("| endpoint | req/s | p50 ms | p99 ms | % of ceiling |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for label, row in rows.items():
            rate, share = row["requests_per_second"], row["share_of_ceiling"]
            print(
                f"| {label} | {rate:,.{1 if rate < 10 else 0}f} | {row['p50_ms']:,.1f} | {row['p99_ms']:,.1f} "
                f"| {share:.{2 if share < 0.01 else 1}%} |"
            )


def one_process_held_all(run):
    return len([count for count in run["connections_per_process"] if count]) == 1


def print_run(run, again):
    print(
        f"round {run['round']}, {run['connections']:>3} connections, {run['endpoint']:<24} "
        f"{run['requests_per_second']:>8.1f} req/s  p50 {run['p50_ms']:>8.1f} ms  "
        f"p99 {run['p99_ms']:>8.1f} ms  ({run['requests']} answers in {run['seconds']} s, "
        f"drained in {run['drain_seconds']:.1f} s; connections per process "
        f"{'+'.join(map(str, run['connections_per_process']))}){'  one worker: run again' if again else ''}",
        flush=True,
    )


def print_one_process_runs(runs, repeated):
    print(f"\nRuns run again because one of the script's servers had every connection on one worker: {len(repeated)}")
    named = [
        f"round {run['round']}, {run['connections']} connections, {run['endpoint']}"
        for run in runs
        if one_process_held_all(run)
    ]
    if named:
        print(f"Measured runs where one process held every connection (at one worker's speed): {'; '.join(named)}")


def print_errors(runs):
    bad = [run for run in runs if run["non_2xx"] or any(run["socket_errors"].values())]
    print()
    if not bad:
        print("wrk saw no non-2xx/3xx answer and no socket error.")
    for run in bad:
        errors = ", ".join(f"{kind} {count}" for kind, count in run["socket_errors"].items() if count)
        print(
            f"round {run['round']}, {run['connections']} connections, {run['endpoint']}: "
            f"{run['non_2xx']} non-2xx/3xx of {run['requests']} answers{'; socket errors: ' + errors if errors else ''}"
        )


MIXED_RATERS = 20
MIXED_WRITERS = 4  # threads sharing the rating rate, so one slow answer on a loaded machine does not slow it
MIXED_LUA = """
local paths = {%(paths)s}
hits, misses, threads = 0, 0, {}  -- globals: done() reads each thread's with thread:get
function setup(thread) table.insert(threads, thread) end
function init(args) math.randomseed(os.time() + (tonumber(tostring({}):match("0x(%%x+)"), 16) or 0)) end
function request() return wrk.format("GET", paths[math.random(#paths)], wrk.headers) end
function response(status, headers, body)
  local state = headers["X-Cache"]
  if state == "hit" then hits = hits + 1 elseif state == "miss" then misses = misses + 1 end
end
function done(summary, latency, requests)
  local h, m = 0, 0
  for _, thread in ipairs(threads) do h = h + thread:get("hits"); m = m + thread:get("misses") end
  io.write(string.format("X-Cache: %%d hits, %%d misses\\n", h, m))
end
"""


def prepare_mixed(count):
    """The slugs of ``count`` published courses, and API tokens of MIXED_RATERS learners (made once)."""
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from courses.models import Course

    slugs = list(Course.objects.published().order_by("pk").values_list("slug", flat=True)[:count])
    if len(slugs) < count:
        raise SystemExit(f"Only {len(slugs)} published courses: run seed_scale, or lower --mixed-courses.")
    tokens = []
    for number in range(MIXED_RATERS):
        username = f"bench-mixed-rater-{number}"
        user, _created = get_user_model().objects.get_or_create(
            username=username, defaults={"email": f"{username}@example.com"}
        )
        Token.objects.filter(user=user).delete()  # a fresh one: tokens expire (API_TOKEN_TTL)
        tokens.append(Token.objects.create(user=user).key)
    connections.close_all()
    return slugs, tokens


def rate_steadily(port, slugs, tokens, per_second, stop, results):
    """POSTs a rating of a random course every 1/per_second seconds, by a random rater, until ``stop`` is set."""
    import http.client
    import random

    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    interval = 1 / per_second
    next_at = time.monotonic() + random.uniform(0, interval)
    while not stop.is_set():
        body = json.dumps({"score": random.randint(1, 5)})
        headers = {"Authorization": f"Token {random.choice(tokens)}", "Content-Type": "application/json"}
        try:
            connection.request("POST", f"/api/v1/courses/{random.choice(slugs)}/ratings/", body, headers)
            response = connection.getresponse()
            response.read()
            results.append(response.status)
        except OSError:
            results.append("error")
            connection.close()
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        next_at += interval
        stop.wait(max(0, next_at - time.monotonic()))
    connection.close()


def wrk_mixed(port, script, connections, seconds):
    command = ["wrk", f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", f"--timeout={WRK_TIMEOUT}"]
    command += ["--latency", "-H", ACCEPT_GZIP, "-s", str(script), f"http://127.0.0.1:{port}/"]
    finished = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 120)
    output = finished.stdout
    counted = re.search(r"X-Cache: (\d+) hits, (\d+) misses", output)
    if counted is None:
        raise SystemExit(f"wrk failed:\n{output}\n{finished.stderr}")
    hits, misses = map(int, counted.groups())
    percentiles = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+(?:us|ms|s|m|h))\s*$", output, re.MULTILINE))
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50_ms": to_ms(percentiles["50"]),
        "p99_ms": to_ms(percentiles["99"]),
        "hits": hits,
        "misses": misses,
        "hit_ratio": hits / (hits + misses) if hits + misses else 0.0,
        "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
    }


def main_mixed(args):
    """Reads over --mixed-courses courses while ratings arrive: the hit ratio and throughput under writes."""
    import tempfile
    import threading

    env = platziflix_env(args)
    os.environ.update(env)
    slugs, tokens = prepare_mixed(args.mixed_courses)
    paths = [path for slug in slugs for path in (f"/courses/{slug}/", f"/api/v1/courses/{slug}/")]
    print("# Mixed reads and writes\n")
    print(f"commit: {git_commit()}")
    print(f"gunicorn: {' '.join(GUNICORN_OPTIONS)}, DEBUG=0; REDIS_URL={env['REDIS_URL']}")
    print(
        f"reads: {len(paths)} paths (course page and /api/v1/ detail of {len(slugs)} courses), at random, "
        f"{args.mixed_connections} connections; writes: {args.ratings_per_second} ratings/s through the API"
    )
    print(f"load average at start: {load_average()}", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, check=True
    )
    servers = []
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
        script.write(MIXED_LUA % {"paths": ", ".join(json.dumps(path) for path in paths)})
        script.flush()
        try:
            start_server("platziflix.wsgi", args.port, env, servers, args)
            wait_ready(args.port, "/health/live", servers[0])
            crawl_started = time.monotonic()
            with ThreadPoolExecutor(max_workers=WORKERS * THREADS) as pool:
                list(pool.map(lambda path: get(args.port, path, (ACCEPT_GZIP,)), paths))
            print(f"every path read once in {time.monotonic() - crawl_started:.0f} s", flush=True)
            warm = wrk_mixed(args.port, script.name, args.mixed_connections, args.mixed_warmup)
            print(f"warm-up, no ratings: {warm['hit_ratio']:.1%} hits, {warm['requests_per_second']:,.0f} req/s")
            stop, statuses = threading.Event(), []
            rate = args.ratings_per_second / MIXED_WRITERS
            raters = [
                threading.Thread(target=rate_steadily, args=(args.port, slugs, tokens, rate, stop, statuses))
                for _ in range(MIXED_WRITERS)
            ]
            for rater in raters:
                rater.start()
            try:
                run = wrk_mixed(args.port, script.name, args.mixed_connections, args.mixed_seconds)
            finally:
                stop.set()
                for rater in raters:
                    rater.join()
        finally:
            stop_servers(servers)
    accepted = sum(1 for status in statuses if status in (200, 201))
    print(
        f"\n| reads with {args.ratings_per_second:g} ratings/s | hits | req/s | p50 ms | p99 ms | non-2xx |\n"
        f"| --- | ---: | ---: | ---: | ---: | ---: |\n"
        f"| {len(slugs)} courses, {args.mixed_seconds} s | {run['hit_ratio']:.1%} | {run['requests_per_second']:,.0f} "
        f"| {run['p50_ms']:,.1f} | {run['p99_ms']:,.1f} | {run['non_2xx']} |"
    )
    print(
        f"\nratings: {accepted} accepted of {len(statuses)} sent "
        f"({accepted / args.mixed_seconds:.1f}/s); other answers: {[s for s in statuses if s not in (200, 201)][:10]}"
    )
    print(f"load average at end: {load_average()}")
    if args.json:
        args.json.write_text(json.dumps({"commit": git_commit(), "warmup": warm, "run": run, "ratings": accepted}))


def main():
    global WORKERS, THREADS
    args = parse_args()
    WORKERS, THREADS = args.workers, args.threads
    GUNICORN_OPTIONS[0], GUNICORN_OPTIONS[2] = f"--workers={WORKERS}", f"--threads={THREADS}"
    if args.mixed:
        return main_mixed(args)
    started = time.monotonic()
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url.split(":", 1)[0] not in ("postgres", "postgresql", "pgsql"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL database holding the seed_scale catalog (see --help).")
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed: apt-get install -y wrk")
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # so `finally` stops the servers

    ceiling_env = {key: value for key, value in os.environ.items() if key != "CONN_MAX_AGE"}
    env = platziflix_env(args)
    os.environ.update(env)  # the learner's session must be made with the server's SECRET_KEY and session store
    data = prepare(args.course)
    wanted = [term.strip().lower() for term in (args.only or "").split(",") if term.strip()]
    chosen = [
        (label, path, headers)
        for label, path, headers in endpoints(data)
        if not wanted or any(term in label.lower() or term in path.lower() for term in wanted)
    ]
    if not chosen:
        raise SystemExit(f"No endpoint matches --only {args.only!r}.")
    plan = [Target("ceiling", args.ceiling_port, "/", ())]
    plan += [Target(label, args.port, path, headers) for label, path, headers in chosen]
    plan += [compared_target(pair, data) for pair in args.compare]
    at_least = args.rounds * len(args.connections) * len(plan) * (args.seconds + 0.5) + len(plan) + 10
    gunicorn = gunicorn_description(args) + (", behind deploy/nginx.conf" if args.nginx else "")
    print("# HTTP throughput next to the ceiling\n")
    print(f"commit: {git_commit()}")
    print(f"gunicorn: {gunicorn}, DEBUG=0, CONN_MAX_AGE={env.get('CONN_MAX_AGE', 'default (600)')}")
    print(f"Platziflix env overrides: {' '.join(args.env) or 'none'}; REDIS_URL={env['REDIS_URL']}")
    print("ceiling: benchmarks/ceiling.py (no middleware, SELECT 1), same gunicorn configuration")
    print(f"wrk: -t{WRK_THREADS} --latency --timeout {WRK_TIMEOUT}, connections {args.connections}")
    print(
        f"catalog: {data['courses']} courses; course {data['course']} ({data['total_ratings']} ratings), "
        f"lesson {data['lesson']} (id {data['lesson_id']}); signed in as {LEARNER}"
    )
    print(f"load average at start: {load_average()}")
    print(
        f"{args.rounds} rounds of {len(args.connections) * len(plan)} runs: at least {minutes(at_least)}",
        flush=True,
    )

    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, check=True
    )
    servers, runs, lopsided = [], [], []
    try:
        start_server("platziflix.wsgi", args.port, env, servers, args)
        start_server("benchmarks.ceiling:application", args.ceiling_port, ceiling_env, servers, args)
        server_on = {args.port: servers[0], args.ceiling_port: servers[1]}
        wait_ready(args.port, "/health/live", servers[0])
        wait_ready(args.ceiling_port, "/", servers[1])
        check_answers(plan)
        single = {}
        for target in plan:
            warm(target, args.warmup)
            single[target.label] = time_one(target)
            wait_idle(server_on.get(target.port))
        seconds = {
            (target.label, count): run_seconds(args, single[target.label], count)
            for target in plan
            for count in args.connections
        }
        expected = args.rounds * sum(
            length + count * single[label] / WORKERS + 0.5 for (label, count), length in seconds.items()
        )
        longer = [
            f"{label} {length} s at {count}" for (label, count), length in seconds.items() if length > args.seconds
        ]
        print(
            f"{args.seconds} s a run{' (longer for slow answers: ' + ', '.join(longer) + ')' if longer else ''}; "
            f"measuring now, expect about {minutes(expected)} more\n",
            flush=True,
        )
        for round_number in range(1, args.rounds + 1):
            for count in args.connections:
                for target in plan:
                    ours = target.port in server_on
                    for attempt in range(1, LOPSIDED_ATTEMPTS + 1):
                        run = wrk(target, count, seconds[target.label, count], workers=WORKERS if ours else None)
                        run["drain_seconds"] = round(wait_idle(server_on.get(target.port)), 2)
                        run.update(round=round_number, connections=count, endpoint=target.label, attempt=attempt)
                        again = ours and one_process_held_all(run) and attempt < LOPSIDED_ATTEMPTS
                        print_run(run, again)
                        if not again:
                            break
                        lopsided.append(run)
                    runs.append(run)
    finally:
        stop_servers(servers + NGINX_PROCESSES)

    table = summarize(runs, [target.label for target in plan], args.connections)
    print_tables(table, args.rounds)
    print_one_process_runs(runs, lopsided)
    print_errors(runs)
    wall = time.monotonic() - started
    print(f"\nwall time {wall:.0f} s; load average at end: {load_average()}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "commit": git_commit(),
                    "gunicorn": gunicorn,
                    "env_overrides": args.env,
                    "wrk": {"threads": WRK_THREADS, "timeout": WRK_TIMEOUT},
                    "data": {key: value for key, value in data.items() if key != "session"},
                    "single_request_ms": {label: round(value * 1000, 1) for label, value in single.items()},
                    "runs": runs,
                    "runs_repeated_for_one_worker": lopsided,
                    "medians": {str(count): rows for count, rows in table.items()},
                    "wall_seconds": round(wall, 1),
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        raise SystemExit("Interrupted: the servers are stopped.") from None
