"""A 2 GB lesson video through the chunked upload path against gunicorn: how long does the longest request take?

Makes a sparse file of ``--size`` bytes, starts gunicorn (deploy/gunicorn.conf.py, DEBUG off) on ``--port`` with its
media and upload folders in a temporary folder, signs in a staff token, and sends the file as the API's resumable
upload does: ``POST /api/v1/uploads/``, ``PATCH`` chunks at ``Upload-Offset``, ``POST .../complete/``. Halfway through,
one chunk's connection is dropped after half its bytes, and the upload resumes from the offset ``GET`` answers. Every
request is timed on the client; the figures are their count, the longest, the median and the throughput.

The file is zeros (sparse), so the queued processing refuses it (no video in it): the point is the transfer. No
worker is started; the lesson is left ``pending``.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pf_x REDIS_URL=redis://127.0.0.1:6400/0 \\
        .venv/bin/python benchmarks/big_upload.py --port 9801
"""

import argparse
import http.client
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import stack

GIB = 1024**3


def prepare_database():
    """A staff token and a lesson to upload to, in the database gunicorn uses (DATABASE_URL)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")
    django.setup()
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token

    from courses.tests.factories import CategoryFactory, CourseFactory, LessonFactory

    user, _created = get_user_model().objects.get_or_create(
        username="big-upload-bench", defaults={"is_staff": True, "is_superuser": True, "email": "bench@example.com"}
    )
    Token.objects.filter(user=user).delete()
    token = Token.objects.create(user=user)
    run = secrets.token_hex(4)
    course = CourseFactory(slug=f"big-upload-{run}", category=CategoryFactory(slug=f"big-upload-{run}"))
    lesson = LessonFactory(course=course, slug=f"big-upload-{run}", video_url="")
    return token.key, lesson.pk


class Timed:
    """Requests on one kept-alive connection, each timed from sending to the last byte of the answer."""

    def __init__(self, port, token):
        self.port = port
        self.headers = {"Authorization": f"Token {token}", "X-Forwarded-Proto": "https"}
        self.connection = None
        self.seconds = []

    def call(self, method, path, *, body=None, headers=None):
        if self.connection is None:
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        started = time.perf_counter()
        self.connection.request(method, path, body=body, headers={**self.headers, **(headers or {})})
        response = self.connection.getresponse()
        data = response.read()
        self.seconds.append(time.perf_counter() - started)
        return response.status, json.loads(data) if data else None

    def drop_mid_chunk(self, path, chunk, offset):
        """Announce the whole chunk, send half of it and hang up, as a dropped connection does."""
        if self.connection is not None:
            self.connection.close()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        connection.putrequest("PATCH", path)
        for name, value in {
            **self.headers,
            "Content-Type": "application/octet-stream",
            "Upload-Offset": str(offset),
            "Content-Length": str(len(chunk)),
        }.items():
            connection.putheader(name, value)
        connection.endheaders()
        connection.send(chunk[: len(chunk) // 2])
        connection.close()
        self.connection = None
        time.sleep(1)  # the server notices the short body and keeps what arrived


def upload(client, source, size, lesson_id):
    status, created = client.call(
        "POST",
        "/api/v1/uploads/",
        body=json.dumps({"lesson": lesson_id, "filename": source.name, "size": size}),
        headers={"Content-Type": "application/json"},
    )
    assert status == 201, (status, created)
    path = f"/api/v1/uploads/{created['id']}/"
    chunk_size = created["chunk_size"]
    offset, dropped = 0, False
    with source.open("rb") as file:
        while offset < size:
            file.seek(offset)
            chunk = file.read(min(chunk_size, size - offset))
            if not dropped and offset >= size // 2:
                client.drop_mid_chunk(path, chunk, offset)
                dropped = True
                status, state = client.call("GET", path)
                print(f"  dropped a chunk at {offset} bytes; resuming from {state['offset']}")
                offset = state["offset"]
                continue
            status, state = client.call(
                "PATCH",
                path,
                body=chunk,
                headers={"Content-Type": "application/octet-stream", "Upload-Offset": str(offset)},
            )
            assert status == 200, (status, state)
            offset = state["offset"]
    status, lesson = client.call("POST", f"{path}complete/")
    assert status == 202, (status, lesson)
    return lesson


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=9801)
    parser.add_argument("--size", type=int, default=2 * GIB, help="bytes (default 2 GiB)")
    args = parser.parse_args()
    if stack.port_in_use(args.port):
        raise SystemExit(f"port {args.port} is taken")
    token, lesson_id = prepare_database()
    with tempfile.TemporaryDirectory(prefix="platziflix-big-upload-") as folder:
        folder = Path(folder)
        source = folder / "lecture.mp4"
        with source.open("wb") as file:
            file.truncate(args.size)  # sparse: no disk used until read
        env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "MEDIA_ROOT": str(folder / "media"),
            "UPLOAD_TEMP_DIR": str(folder / "uploads"),
            "GUNICORN_BIND": f"127.0.0.1:{args.port}",
            "WEB_CONCURRENCY": "2",
            "SECURE_SSL_REDIRECT": "0",
        }
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", str(stack.GUNICORN_CONFIG), "platziflix.wsgi"],
            cwd=stack.PROJECT_DIR,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(folder / "gunicorn.log", "wb"),  # noqa: SIM115 (closed with the folder)
            start_new_session=True,
        )
        try:
            stack.wait_for(args.port, "/health/live", process=server)
            client = Timed(args.port, token)
            started = time.perf_counter()
            lesson = upload(client, source, args.size, lesson_id)
            total = time.perf_counter() - started
            stored = sorted((folder / "media" / "lessons").iterdir())
            stored_size = stored[0].stat().st_size if stored else 0
        finally:
            stack.stop([server])
    seconds = client.seconds
    rate = args.size / total / 1024**2
    print(f"file: {args.size / GIB:.2f} GiB, {len(seconds)} requests in {total:.1f} s ({rate:.0f} MiB/s)")
    print(f"longest request: {max(seconds):.2f} s; median {statistics.median(seconds) * 1000:.0f} ms")
    print(f"completion (the move into storage and the queueing): {seconds[-1] * 1000:.0f} ms")
    name = stored[0].name if stored else "-"
    print(f"stored: {name} ({stored_size} bytes); lesson video_status {lesson['video_status']}")
    if max(seconds) > 10:
        raise SystemExit("a request took longer than 10 s")


if __name__ == "__main__":
    main()
