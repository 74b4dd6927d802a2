"""Production smoke test: Platziflix installed and run the way a deployment runs it, checked over HTTP through nginx.

1. A virtualenv with requirements.txt alone (no dev requirements), kept in a cache folder named after the file's
   hash (``$SMOKE_CACHE_DIR`` or ~/.cache/platziflix-smoke), so a second run installs nothing.
2. ``DEBUG=0``, a fresh PostgreSQL database (dropped and made again: ``--database-url``) and two Redis databases
   (flushed: ``--redis-url`` for the cache and sessions, ``--broker-url`` for Celery), media and static files in a
   temporary folder.
3. The Procfile's release (migrate), collectstatic, ``seed_demo --with-demo-accounts`` (``DEMO_VIDEOS=0``).
4. The Procfile's web (gunicorn with deploy/gunicorn.conf.py), worker and beat (django-celery-beat's
   DatabaseScheduler when the settings install it, else the default scheduler with a schedule file in the temporary
   folder), all behind nginx (deploy/nginx.conf) with ``MEDIA_X_ACCEL=1`` and ``TRUSTED_PROXY_COUNT=1``.
5. Through nginx: /health/ready, static files served by nginx, a staff token, a small video uploaded with
   ``PUT /api/v1/courses/<course>/lessons/<lesson>/video/`` until ``video_status`` is ``ready``, its HLS
   playlist, a segment's byte range and the poster served through X-Accel-Redirect, a learner's token and rating.
6. Then benchmarks/slow_clients.py against nginx (``--slow-seconds``, 0 skips it; ``--slow-direct`` also runs it
   against gunicorn alone, to show what nginx prevents).

It fails on any 5xx (seen by the client or in nginx's access log), on "Traceback" in any process's log, or on a
process that exits; it then prints the tails of the logs. Loopback only; every process it starts is stopped on
exit. Bounded: each wait has a deadline, and the whole run stops after --deadline seconds (default 330).

    python3 benchmarks/smoke.py                                  # make smoke
    python3 benchmarks/smoke.py --requirements /tmp/old-requirements.txt
"""

import argparse
import hashlib
import json
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import slow_clients, stack

PROJECT_DIR = stack.PROJECT_DIR
HTTPS = {"X-Forwarded-Proto": "https"}  # what the TLS terminator in front of nginx would say
STAFF = ("admin", "platziflix-admin")  # seed_demo --with-demo-accounts
LEARNER = ("maria", "platziflix-demo")


class SmokeFailure(Exception):
    pass


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requirements", type=Path, default=PROJECT_DIR / "requirements.txt")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("SMOKE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/platziflix_smoke"),
        help="a PostgreSQL database the test owns: it is dropped and created again",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("SMOKE_REDIS_URL", "redis://127.0.0.1:6379/12"),
        help="a Redis database the test owns (cache and sessions): it is flushed",
    )
    parser.add_argument(
        "--broker-url",
        default=os.environ.get("SMOKE_BROKER_URL", "redis://127.0.0.1:6379/13"),
        help="another Redis database the test owns, Celery's broker: it is flushed",
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("SMOKE_PORT", "8100")), help="nginx's port")
    parser.add_argument("--gunicorn-port", type=int, help="default: --port + 1")
    cache = os.environ.get("SMOKE_CACHE_DIR", "~/.cache/platziflix-smoke")
    parser.add_argument("--cache-dir", type=Path, default=Path(cache), help="where the virtualenvs are kept")
    parser.add_argument("--slow-seconds", type=float, default=20, help="length of the slow-client test (0: skip)")
    parser.add_argument("--slow-direct", action="store_true", help="also run the slow clients against gunicorn alone")
    parser.add_argument("--deadline", type=float, default=330, help="the most seconds the whole run may take")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, media)")
    args = parser.parse_args()
    args.gunicorn_port = args.gunicorn_port or args.port + 1
    args.cache_dir = args.cache_dir.expanduser()
    return args


def step(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def run(command, *, env=None, log=None, timeout=300):
    result = subprocess.run(
        command, cwd=PROJECT_DIR, env=env, stdout=log or subprocess.PIPE, stderr=subprocess.STDOUT, timeout=timeout
    )
    if result.returncode:
        output = result.stdout.decode(errors="replace")[-3000:] if result.stdout else ""
        raise SmokeFailure(f"{' '.join(map(str, command))} exited with status {result.returncode}\n{output}")
    return result


def virtualenv(requirements, cache_dir):
    """A virtualenv with these requirements only, reused while the file is unchanged."""
    digest = hashlib.sha256(requirements.read_bytes()).hexdigest()[:16]
    venv = cache_dir / f"venv-{digest}"
    stamp = venv / ".installed"
    if stamp.exists():
        step(f"virtualenv {venv} (cached, from {requirements.name})")
        return venv
    step(f"virtualenv {venv}: installing {requirements} alone")
    shutil.rmtree(venv, ignore_errors=True)
    cache_dir.mkdir(parents=True, exist_ok=True)
    run([sys.executable, "-m", "venv", str(venv)])
    run([str(venv / "bin" / "pip"), "install", "--quiet", "--upgrade", "pip"], timeout=240)
    run([str(venv / "bin" / "pip"), "install", "--quiet", "-r", str(requirements)], timeout=600)
    stamp.write_text(str(requirements) + "\n")
    return venv


def fresh_database(url):
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or not name:
        raise SystemExit(f"--database-url must name a PostgreSQL database: {url}")
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit("--database-url must be on loopback")
    options = ["-h", parts.hostname, "-p", str(parts.port or 5432), "-U", parts.username or "postgres"]
    subprocess.run(["dropdb", *options, "--if-exists", "--force", name], check=True)
    subprocess.run(["createdb", *options, name], check=True)


def flush_redis(url):
    parts = urlsplit(url)
    database = parts.path.lstrip("/") or "0"
    if parts.hostname not in ("127.0.0.1", "localhost"):
        raise SystemExit("--redis-url must be on loopback")
    command = ["redis-cli", "-h", parts.hostname, "-p", str(parts.port or 6379), "-n", database, "FLUSHDB"]
    subprocess.run(command, check=True, capture_output=True)


def environment(args, venv, folder):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "CELERY_"))}
    for key in ("CONN_MAX_AGE", "PUBLIC_CACHE", "AWS_STORAGE_BUCKET_NAME", "SENTRY_DSN", "METRICS_TOKEN"):
        env.pop(key, None)
    env.update(
        {
            "PATH": f"{venv / 'bin'}:{os.environ.get('PATH', '/usr/bin:/bin')}",
            "VIRTUAL_ENV": str(venv),
            "DJANGO_SETTINGS_MODULE": "platziflix.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "CELERY_BROKER_URL": args.broker_url,
            "MEDIA_ROOT": str(folder / "media"),
            "STATIC_ROOT": str(folder / "static"),
            "MEDIA_X_ACCEL": "1",
            "TRUSTED_PROXY_COUNT": "1",
            "DEMO_VIDEOS": "0",
            "VIDEO_X264_PRESET": "ultrafast",
            "LOG_LEVEL": "INFO",
            "PYTHONUNBUFFERED": "1",
            "WEB_CONCURRENCY": "2",
            "WEB_THREADS": "4",
            "GUNICORN_BIND": f"127.0.0.1:{args.gunicorn_port}",
            "CELERY_CONCURRENCY": "2",
            "CELERY_BEAT_SCHEDULE_FILE": str(folder / "celerybeat-schedule"),
        }
    )
    return env


def procfile():
    lines = (PROJECT_DIR / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


def beat_scheduler(venv, env):
    """The Procfile's beat runs the settings' CELERY_BEAT_SCHEDULER; when there is none but django-celery-beat is
    installed, its DatabaseScheduler is asked for; else the default scheduler keeps its file in the temporary folder
    (CELERY_BEAT_SCHEDULE_FILE)."""
    probe = run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "import django; django.setup(); from django.conf import settings; import json; print(json.dumps("
            "[getattr(settings, 'CELERY_BEAT_SCHEDULER', ''), 'django_celery_beat' in settings.INSTALLED_APPS]))",
        ],
        env=env,
    )
    scheduler, installed = json.loads(probe.stdout.decode().strip().splitlines()[-1])
    if scheduler:
        return "", scheduler
    if installed:
        return "--scheduler=django_celery_beat.schedulers:DatabaseScheduler", "DatabaseScheduler"
    return "", "the default scheduler, its file in the temporary folder"


class Client:
    """HTTP through nginx, remembering every status it saw."""

    def __init__(self, port):
        self.port = port
        self.statuses = []

    def call(self, method, path, *, token=None, json_body=None, body=None, headers=None, want=None, timeout=60):
        sent = {**HTTPS, "Accept": "application/json", **(headers or {})}
        if token:
            sent["Authorization"] = f"Token {token}"
        if json_body is not None:
            body = json.dumps(json_body).encode()
            sent["Content-Type"] = "application/json"
        status, answer_headers, answer = stack.request(
            self.port, method, path, headers=sent, body=body, timeout=timeout
        )
        self.statuses.append((method, path, status))
        if status >= 500 or (want is not None and status not in want):
            raise SmokeFailure(f"{method} {path} answered {status} (wanted {want}): {answer[:500]!r}")
        return status, answer_headers, answer

    def json(self, method, path, **kwargs):
        return json.loads(self.call(method, path, **kwargs)[2])


def small_video(venv, folder, env):
    """A 3-second 320x240 clip with a tone, made by the FFmpeg that the imageio-ffmpeg wheel brings."""
    found = run([str(venv / "bin" / "python"), "-c", "import imageio_ffmpeg; print(imageio_ffmpeg.get_ffmpeg_exe())"])
    ffmpeg = found.stdout.decode().strip().splitlines()[-1]
    video = folder / "smoke.mp4"
    run(
        [
            ffmpeg, "-v", "error", "-y",
            "-f", "lavfi", "-i", "testsrc=duration=3:size=320x240:rate=10",
            "-f", "lavfi", "-i", "sine=frequency=440:duration=3",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest",
            str(video),
        ],
        env=env,
    )  # fmt: skip
    return video


def multipart(field, path, content_type):
    boundary = uuid.uuid4().hex
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{path.name}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n"
        ).encode()
        + path.read_bytes()
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return body, f"multipart/form-data; boundary={boundary}"


def local_path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def check_through_nginx(client, venv, folder, env, deadline):
    step("through nginx: /health/ready")
    ready = client.json("GET", "/health/ready", want=(200,))
    step(f"  {ready}")

    status, headers, _body = stack.request(client.port, "GET", "/", timeout=30)
    if status != 301 or not headers.get("location", "").startswith("https://"):
        raise SmokeFailure(f"a plain-http request was not sent to https (X-Forwarded-Proto): {status} {headers}")
    request_id = "smoke-" + uuid.uuid4().hex[:12]
    _status, headers, _body = client.call("GET", "/health/live", headers={"X-Request-ID": request_id}, want=(200,))
    if "x-request-id" in headers and headers["x-request-id"] != request_id:
        raise SmokeFailure(f"X-Request-ID {request_id} came back as {headers['x-request-id']}")

    step("through nginx: a static file, served by nginx itself")
    manifest = json.loads((Path(env["STATIC_ROOT"]) / "staticfiles.json").read_text())["paths"]
    hashed = next(name for original, name in manifest.items() if original.endswith(".css"))
    _status, headers, body = client.call("GET", f"/static/{hashed}", want=(200,))
    if "content-security-policy" in headers or "immutable" not in headers.get("cache-control", "") or not body:
        raise SmokeFailure(f"/static/{hashed} does not look served by nginx: {headers}")

    step("through nginx: staff token, then a video upload")
    staff = token(client, *STAFF)
    course = client.json("GET", "/api/v1/courses/?page_size=1", want=(200,))["results"][0]["slug"]
    lesson = client.json("GET", f"/api/v1/courses/{course}/", want=(200,))["lessons"][0]["slug"]
    lesson_path = f"/api/v1/courses/{course}/lessons/{lesson}/"
    body, content_type = multipart("file", small_video(venv, folder, env), "video/mp4")
    client.call(
        "PUT", f"{lesson_path}video/", token=staff, body=body, headers={"Content-Type": content_type}, want=(202,)
    )
    started = time.monotonic()
    while True:
        detail = client.json("GET", lesson_path, token=staff, want=(200,))
        if detail["video_status"] == "ready":
            break
        if detail["video_status"] == "failed" or time.monotonic() > min(deadline, started + 150):
            raise SmokeFailure(f"the video did not become ready: {detail['video_status']} {detail.get('video_error')}")
        time.sleep(1)
    step(f"  ready after {time.monotonic() - started:.1f} s: {detail['hls_url']}")

    step("through nginx: the HLS playlist, a segment's range and the poster (X-Accel-Redirect)")
    master_path = local_path(detail["hls_url"])
    _status, headers, master = client.call("GET", master_path, want=(200,))
    if not master.startswith(b"#EXTM3U") or headers.get("content-type") != "application/vnd.apple.mpegurl":
        raise SmokeFailure(f"{master_path} is not an HLS playlist: {headers} {master[:200]!r}")
    if "x-accel-redirect" in headers or "etag" not in headers:
        raise SmokeFailure(f"{master_path} was not sent by nginx: {headers}")
    rendition = next(line for line in master.decode().splitlines() if line and not line.startswith("#"))
    rendition_path = master_path.rsplit("/", 1)[0] + "/" + rendition
    _status, _headers, playlist = client.call("GET", rendition_path, want=(200,))
    segment = next(line for line in playlist.decode().splitlines() if line and not line.startswith("#"))
    segment_path = rendition_path.rsplit("/", 1)[0] + "/" + segment
    status, headers, part = client.call("GET", segment_path, headers={"Range": "bytes=0-187"}, want=(206,))
    immutable = "immutable" in headers.get("cache-control", "")
    if len(part) != 188 or headers.get("content-type") != "video/mp2t" or not immutable:
        raise SmokeFailure(f"{segment_path} range: {status} {headers} {len(part)} bytes")
    if detail.get("poster_url"):
        _status, headers, poster = client.call("GET", local_path(detail["poster_url"]), want=(200,))
        if headers.get("content-type") != "image/jpeg" or not poster.startswith(b"\xff\xd8"):
            raise SmokeFailure(f"the poster is not a JPEG: {headers}")
    internal = "/internal-media/" + master_path.split("/media/", 1)[1]
    client.call("GET", internal, want=(404,))

    step("through nginx: a learner signs in and rates the course")
    learner = token(client, *LEARNER)
    review = {"score": 5, "review": "Probado de punta a punta detrás de nginx."}
    client.call("POST", f"/api/v1/courses/{course}/ratings/", token=learner, json_body=review, want=(200, 201))
    mine = client.json("GET", f"/api/v1/courses/{course}/ratings/mine/", token=learner, want=(200,))
    if mine.get("score") != 5:
        raise SmokeFailure(f"the learner's rating reads back as {mine}")
    return course, learner


def token(client, username, password):
    body = {"username": username, "password": password}
    return client.json("POST", "/api/v1/auth/token/", json_body=body, want=(200, 201))["token"]


def access_log_errors(path):
    bad = []
    if path.exists():
        for line in path.read_text(errors="replace").splitlines():
            found = re.search(r'" (\d{3}) ', line)
            if found and found.group(1).startswith("5"):
                bad.append(line)
    return bad


def tail(path, lines=40):
    if not path.exists():
        return f"--- {path.name}: (none)"
    text = path.read_text(errors="replace").splitlines()[-lines:]
    return f"--- {path.name} (last {len(text)} lines)\n" + "\n".join(text)


def main():
    args = parse_args()
    started = time.monotonic()
    deadline = started + args.deadline
    for needed in ("createdb", "dropdb", "redis-cli"):
        if not shutil.which(needed):
            raise SystemExit(f"{needed} is not installed")
    for port in (args.port, args.gunicorn_port):
        if stack.port_in_use(port):
            raise SystemExit(f"port {port} is taken on 127.0.0.1: pick others with --port / --gunicorn-port")
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))

    folder = Path(tempfile.mkdtemp(prefix="platziflix-smoke-"))
    folder.chmod(0o755)  # nginx's workers (nobody when started as root) read static and media files here
    logs = folder / "logs"
    logs.mkdir()
    processes, names = [], {}
    failure = None
    checked_sizes = {}  # a log's size when the checked part of the run ended, if it ended early
    try:
        venv = virtualenv(args.requirements, args.cache_dir)
        env = environment(args, venv, folder)
        step(f"fresh database {args.database_url}, Redis {args.redis_url} and {args.broker_url}; files in {folder}")
        fresh_database(args.database_url)
        flush_redis(args.redis_url)
        flush_redis(args.broker_url)
        python = str(venv / "bin" / "python")
        processes_of = procfile()
        with (logs / "release.log").open("wb") as log:
            step(f"release ({processes_of['release']}), collectstatic, seed_demo --with-demo-accounts (DEMO_VIDEOS=0)")
            for command in (
                ["sh", "-c", processes_of["release"]],
                [python, "manage.py", "collectstatic", "--noinput", "-v0"],
                [python, "manage.py", "seed_demo", "--with-demo-accounts"],
            ):
                run(command, env=env, log=log, timeout=max(10, deadline - time.monotonic()))
        scheduler_option, scheduler = beat_scheduler(venv, env)
        commands = {
            "gunicorn": ["sh", "-c", f"exec {processes_of['web']}"],
            "worker": ["sh", "-c", f"exec {processes_of['worker']}"],
            "beat": ["sh", "-c", f"exec {processes_of['beat']} {scheduler_option}".rstrip()],
        }
        step(f"the Procfile's web (gunicorn on {args.gunicorn_port}), worker and beat ({scheduler})")
        for name, command in commands.items():
            log = (logs / f"{name}.log").open("wb")
            options = {"cwd": PROJECT_DIR, "env": env, "stdout": log, "stderr": subprocess.STDOUT}
            processes.append(subprocess.Popen(command, **options, start_new_session=True))
            names[processes[-1].pid] = name
        # Ready before nginx sends it anything (a release does the same): the waits' 502s and 503s are not errors.
        step(f"waiting for gunicorn's /health/ready on {args.gunicorn_port} (the worker may take a while)")
        wait = min(90, deadline - time.monotonic())
        stack.wait_for(args.gunicorn_port, "/health/ready", headers=HTTPS, seconds=wait, process=processes[0])
        step(f"nginx (deploy/nginx.conf) on {args.port}")
        nginx_log = (logs / "nginx.log").open("wb")
        processes.append(
            stack.start_nginx(
                folder / "nginx",
                listen=f"127.0.0.1:{args.port}",
                upstream=f"127.0.0.1:{args.gunicorn_port}",
                static_root=env["STATIC_ROOT"],
                media_root=env["MEDIA_ROOT"],
                log=nginx_log,
            )
        )
        names[processes[-1].pid] = "nginx"
        stack.wait_for(args.port, "/health/live", headers=HTTPS, seconds=20, process=processes[-1])
        client = Client(args.port)
        course, learner = check_through_nginx(client, venv, folder, env, deadline)
        attackers = {"seconds": args.slow_seconds, "headers": HTTPS, "token": learner, "course": course}

        if args.slow_seconds:
            step(f"slow clients through nginx for {args.slow_seconds:.0f} s")
            result = slow_clients.attack(args.port, **attackers)
            print(slow_clients.describe(result), flush=True)
            if result["max_latency"] > 1.0 or result["failures"]:
                raise SmokeFailure("/health/live did not keep answering within 1 s behind nginx")
            if args.slow_direct:
                # gunicorn may log the bodies it never got in full: this part's lines are not checked.
                checked_sizes.update({log: log.stat().st_size for log in logs.glob("*.log")})
                step(f"the same slow clients against gunicorn alone, for contrast, {args.slow_seconds:.0f} s")
                direct = slow_clients.attack(args.gunicorn_port, **attackers)
                print(slow_clients.describe(direct), flush=True)
            client.call("GET", "/health/live", want=(200,))

        for process in processes:
            if process.poll() is not None:
                raise SmokeFailure(f"{names[process.pid]} exited with status {process.returncode}")
    except (SmokeFailure, RuntimeError, subprocess.TimeoutExpired) as error:
        failure = str(error)
    finally:
        stack.stop(processes)

    problems = [failure] if failure else []
    for log in sorted(logs.glob("*.log")):
        if b"Traceback" in log.read_bytes()[: checked_sizes.get(log)]:
            problems.append(f"'Traceback' in {log.name}")
    bad_lines = access_log_errors(folder / "nginx" / "access.log")
    if bad_lines:
        problems.append(f"{len(bad_lines)} answers 5xx in nginx's access log, e.g. {bad_lines[0]}")
    elapsed = time.monotonic() - started
    if problems:
        for log in [*sorted(logs.glob("*.log")), folder / "nginx" / "error.log", folder / "nginx" / "access.log"]:
            print(tail(log), file=sys.stderr)
        print(f"\nSMOKE TEST FAILED after {elapsed:.0f} s:\n  " + "\n  ".join(problems), file=sys.stderr)
        print(f"(files kept in {folder})", file=sys.stderr)
        raise SystemExit(1)
    requests = len(client.statuses)
    print(f"\nsmoke test passed in {elapsed:.0f} s: {requests} checked requests through nginx, no 5xx, no traceback")
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
