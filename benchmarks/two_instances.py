"""Two app servers, one PostgreSQL, one Redis: nothing stays in one process's memory.

Starts two gunicorn instances (A and B) on two loopback ports with the same DATABASE_URL and REDIS_URL and
``DEBUG=0``, then a client that alternates between them checks that:

- a session made on A is signed in on B, and a CSRF token from A is accepted by B;
- a rating written on A is read on B;
- throttle counts are shared: N requests split across both trip the limit at N, not 2N;
- a catalog edit on A is visible at once on B (after B has served, and may have cached, the old version).

Then it measures throughput (wrk) of one instance against two on this machine. Bounded: about a minute.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/platziflix REDIS_URL=redis://127.0.0.1:6379/0
    .venv/bin/python benchmarks/two_instances.py --ports 8001,8002

Exits 1 if any check fails. The database is migrated and given the demo catalog first.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

PROJECT_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "platziflix.settings")

PASSWORD = "two-instances-password-42"
AUTH_TOKEN_LIMIT = 5
API_KEY_LIMIT = 10


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ports", default="8001,8002", help="the two instances' ports, comma-separated")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes per instance")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker")
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections in total")
    parser.add_argument("--skip-throughput", action="store_true")
    return parser.parse_args()


class Browser:
    """A client with one cookie jar, whichever instance it talks to (as behind a load balancer)."""

    def __init__(self):
        self.cookies = {}

    def request(self, port, method, path, *, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", errors="replace")
        for header in response.msg.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, content, response

    def form_token(self, port, path):
        _status, content, _response = self.request(port, "GET", path)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        if not match:
            raise SystemExit(f"no CSRF token in the form at {path}")
        return match.group(1)

    def post_form(self, port, path, fields, token):
        body = urlencode({**fields, "csrfmiddlewaretoken": token})
        return self.request(
            port, "POST", path, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
        )


def api(port, method, path, *, body=None, headers=None):
    data = json.dumps(body) if body is not None else None
    headers = {"Accept": "application/json", "Content-Type": "application/json", **(headers or {})}
    status, content, _response = Browser().request(port, method, path, body=data, headers=headers)
    return status, (json.loads(content) if content else None)


def prepare():
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from accounts.services import api_key_create
    from courses.models import Course
    from learning.models import Rating

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)
    cache.delete("throttle_auth_token_127.0.0.1")  # a run less than a minute ago left its count
    users = get_user_model().objects
    learner, _ = users.get_or_create(username="two-instances-learner")
    learner.set_password(PASSWORD)
    learner.save()
    Rating.all_objects.filter(user=learner).delete()
    staff, _ = users.get_or_create(username="two-instances-staff", defaults={"is_staff": True, "is_superuser": True})
    course = Course.objects.published().order_by("slug").first()
    _limited, limited_key = api_key_create(name="two instances: throttle check", requests_per_minute=API_KEY_LIMIT)
    _bench, bench_key = api_key_create(name="two instances: throughput", requests_per_minute=10_000_000)
    return {
        "learner": learner.username,
        "staff_token": Token.objects.get_or_create(user=staff)[0].key,
        "course": course.slug,
        "course_name": course.name,
        "limited_key": limited_key,
        "bench_key": bench_key,
    }


def start(port, args, env):
    command = [
        str(PROJECT_DIR / ".venv/bin/gunicorn"),
        "platziflix.wsgi",
        f"--bind=127.0.0.1:{port}",
        f"--workers={args.workers}",
        "--worker-class=gthread",
        f"--threads={args.threads}",
        "--log-level=warning",
    ]
    return subprocess.Popen(command, cwd=PROJECT_DIR, env=env)


def wait_ready(port):
    for _ in range(150):
        try:
            if api(port, "GET", "/health/live")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"the instance on port {port} did not become ready")


def check_sessions_and_csrf(a, b, data):
    browser = Browser()
    token = browser.form_token(a, "/accounts/login/")
    status, _content, _response = browser.post_form(
        a, "/accounts/login/", {"username": data["learner"], "password": PASSWORD}, token
    )
    logged_in_on_a = status == 302 and "sessionid" in browser.cookies
    status_on_b, content_on_b, _response = browser.request(b, "GET", "/me/")
    page_token = browser.form_token(a, f"/courses/{data['course']}/")
    csrf_status, _content, _response = browser.post_form(
        b, f"/courses/{data['course']}/rating/", {"score": "3", "review": ""}, page_token
    )
    return [
        (
            "a session made on A is signed in on B",
            logged_in_on_a and status_on_b == 200 and data["learner"] in content_on_b,
        ),
        ("a CSRF token from A is accepted by B (form POST answers 302, not 403)", csrf_status == 302),
    ], browser


def check_rating(a, b, data, browser):
    headers = {"Content-Type": "application/json", "X-CSRFToken": browser.cookies.get("csrftoken", "")}
    path = f"/api/v1/courses/{data['course']}/ratings/"
    status, _content, _response = browser.request(a, "POST", path, body=json.dumps({"score": 5}), headers=headers)
    _status, mine, _response = browser.request(b, "GET", f"{path}mine/", headers={"Accept": "application/json"})
    score_on_b = json.loads(mine).get("score")
    return [("a rating written on A is read on B", status in (200, 201) and score_on_b == 5)]


def alternate(ports, count, call):
    return [call(ports[n % 2]) for n in range(count)]


def check_throttles(a, b, data):
    wrong_passwords = alternate(
        (a, b),
        AUTH_TOKEN_LIMIT + 1,
        lambda port: api(
            port, "POST", "/api/v1/auth/token/", body={"username": "nobody-two-instances", "password": "wrong"}
        )[0],
    )
    key_reads = alternate(
        (a, b),
        API_KEY_LIMIT + 1,
        lambda port: api(
            port, "GET", "/api/platziflix/courses", headers={"Authorization": f"Api-Key {data['limited_key']}"}
        )[0],
    )
    return [
        (
            f"throttle counts are shared: the token endpoint's {AUTH_TOKEN_LIMIT}/minute trips at request "
            f"{AUTH_TOKEN_LIMIT + 1} split across A and B ({wrong_passwords})",
            wrong_passwords == [400] * AUTH_TOKEN_LIMIT + [429],
        ),
        (
            f"throttle counts are shared: an API key's {API_KEY_LIMIT}/minute trips at request {API_KEY_LIMIT + 1}",
            key_reads == [200] * API_KEY_LIMIT + [429],
        ),
    ]


def check_catalog_edit(a, b, data):
    slug, token = data["course"], {"Authorization": f"Token {data['staff_token']}"}
    new_name = f"{data['course_name']} (edited {int(time.time())})"
    reads = {
        "API": f"/api/v1/courses/{slug}/",
        "original clients' API": f"/api/platziflix/courses/{slug}",
        "course page": f"/courses/{slug}/",
    }
    browser = Browser()
    for path in reads.values():  # B serves (and may cache) the old version first
        browser.request(b, "GET", path)
    status, _body = api(a, "PATCH", f"/api/v1/courses/{slug}/", body={"name": new_name}, headers=token)
    seen = {what: new_name in browser.request(b, "GET", path)[1] for what, path in reads.items()}
    api(a, "PATCH", f"/api/v1/courses/{slug}/", body={"name": data["course_name"]}, headers=token)
    return [
        (f"a catalog edit on A is visible at once on B ({what})", status == 200 and ok) for what, ok in seen.items()
    ]


def wrk(port, path, seconds, connections, headers=()):
    command = ["wrk", f"-t{min(2, connections)}", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for header in headers:
        command += ["-H", header]
    return subprocess.Popen([*command, f"http://127.0.0.1:{port}{path}"], stdout=subprocess.PIPE, text=True)


def requests_per_second(process):
    output, _ = process.communicate(timeout=120)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"wrk saw {non_2xx.group(1)} error answers:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def throughput(a, b, data, args):
    targets = [
        ("course API, API key", f"/api/v1/courses/{data['course']}/", [f"Authorization: Api-Key {data['bench_key']}"]),
        ("course page, anonymous", f"/courses/{data['course']}/", []),
    ]
    rows = []
    for label, path, headers in targets:
        one = requests_per_second(wrk(a, path, args.seconds, args.connections, headers))
        half = args.connections // 2
        both = [wrk(port, path, args.seconds, half, headers) for port in (a, b)]
        two = sum(requests_per_second(process) for process in both)
        rows.append((label, one, two))
    return rows


def main():
    args = parse_args()
    a, b = (int(port) for port in args.ports.split(","))
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        raise SystemExit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: both instances share them.")
    data = prepare()
    env = {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "two-instances-secret-key-not-for-production-0123456789"),
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_HSTS_SECONDS": "0",
        "API_THROTTLE_AUTH_TOKEN": f"{AUTH_TOKEN_LIMIT}/minute",
        "LOG_LEVEL": "WARNING",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=PROJECT_DIR, env=env, check=True
    )
    servers = [start(port, args, env) for port in (a, b)]
    try:
        for port in (a, b):
            wait_ready(port)
        results, browser = check_sessions_and_csrf(a, b, data)
        results += check_rating(a, b, data, browser)
        results += check_throttles(a, b, data)
        results += check_catalog_edit(a, b, data)
        rows = [] if args.skip_throughput or not shutil.which("wrk") else throughput(a, b, data, args)
    finally:
        for server in servers:
            server.terminate()
        for server in servers:
            server.wait(timeout=30)

    for label, ok in results:
        print(f"{'PASS' if ok else 'FAIL'}  {label}")
    if rows:
        print(
            f"\nthroughput, gunicorn {args.workers} workers x {args.threads} threads per instance, DEBUG=0, wrk "
            f"{args.connections} connections for {args.seconds} s:"
        )
        print(f"{'endpoint':<26} {'one instance':>14} {'two instances':>14}")
        for label, one, two in rows:
            print(f"{label:<26} {one:>10.0f} r/s {two:>10.0f} r/s")
    sys.exit(0 if all(ok for _label, ok in results) else 1)


if __name__ == "__main__":
    main()
