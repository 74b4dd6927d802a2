"""Slow clients against a running Platziflix: does /health/live keep answering within 1 s?

20 connections announce a body and trickle it, a byte a second: with ``--token`` (a learner's API token), 10 post
a rating of ``--course`` and 9 ask for a token (``POST /api/v1/auth/token/``), each with ``Content-Length: 100000``,
and one ``PUT``s a lesson video declaring 10 GB; without a token, all 19 ask for a token. A connection the server
closes is opened again a second later. Meanwhile a probe asks ``GET /health/live`` five times a second on a new
connection each time (5 s timeout) and records how long each answer took; the result is the largest and the median.

Behind nginx (deploy/nginx.conf) the bodies are nginx's to wait for: gunicorn sees none of these requests, and the
10 GB one is refused at once (413). Against gunicorn alone, the slow bodies hold every worker thread and the probe
waits until it gives up. smoke.py runs it through nginx (and, with --slow-direct, against gunicorn too).

    python3 benchmarks/slow_clients.py --port 8100 --seconds 20 --header "X-Forwarded-Proto: https"
"""

import argparse
import socket
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import stack

CONNECTIONS = 20
SMALL_BODY = 100_000
HUGE_BODY = 10 * 1024**3
PROBE_EVERY = 0.2
PROBE_TIMEOUT = 5.0


def _attacker(port, method, path, length, headers, stop, stats):
    head = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=5) as connection:
                connection.sendall(
                    (
                        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}Content-Type: application/json\r\n"
                        f"Content-Length: {length}\r\n\r\n"
                    ).encode()
                )
                stats["opened"] += 1
                connection.settimeout(0.01)
                while not stop.wait(1.0):
                    connection.sendall(b" ")
                    try:
                        answer = connection.recv(200)
                    except TimeoutError:
                        continue
                    if answer:
                        stats["answers"].append(answer.split(b"\r\n", 1)[0].decode(errors="replace"))
                    break  # answered or closed: the next connection
        except OSError:
            stats["closed"] += 1
        stop.wait(1.0)


def _probe(port, headers):
    started = time.monotonic()
    try:
        status, _headers, _body = stack.request(port, "GET", "/health/live", headers=headers, timeout=PROBE_TIMEOUT)
    except OSError:
        return PROBE_TIMEOUT, None
    return time.monotonic() - started, status


def attack(port, *, seconds=20.0, headers=None, token=None, course="any"):
    """Runs the slow clients for ``seconds`` against 127.0.0.1:port while probing /health/live."""
    headers = headers or {}
    stop = threading.Event()
    stats = {"opened": 0, "closed": 0, "answers": []}
    anonymous = {**headers}
    signed_in = {**headers, "Authorization": f"Token {token}"}
    targets = [("POST", f"/api/v1/courses/{course}/ratings/", SMALL_BODY, signed_in)] * (10 if token else 0)
    targets += [("POST", "/api/v1/auth/token/", SMALL_BODY, anonymous)] * (CONNECTIONS - 1 - len(targets))
    targets.append(("PUT", f"/api/v1/courses/{course}/lessons/any/video/", HUGE_BODY, anonymous))
    threads = [threading.Thread(target=_attacker, args=(port, *target, stop, stats), daemon=True) for target in targets]
    for thread in threads:
        thread.start()
    time.sleep(1.0)  # every attacker has sent its headers
    latencies, failures = [], 0
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        latency, status = _probe(port, headers)
        latencies.append(latency)
        failures += status != 200
        time.sleep(max(0.0, PROBE_EVERY - latency))
    stop.set()
    for thread in threads:
        thread.join(timeout=5)
    return {
        "port": port,
        "seconds": seconds,
        "probes": len(latencies),
        "failures": failures,
        "max_latency": max(latencies),
        "median_latency": statistics.median(latencies),
        "connections_opened": stats["opened"],
        "answers_to_attackers": sorted(set(stats["answers"])),
    }


def describe(result):
    return (
        f"slow clients on port {result['port']}: {CONNECTIONS} connections trickling bodies for "
        f"{result['seconds']:.0f} s; /health/live probed {result['probes']} times: max {result['max_latency']:.3f} s, "
        f"median {result['median_latency']:.3f} s, {result['failures']} not answered 200 within {PROBE_TIMEOUT:.0f} s; "
        f"attackers opened {result['connections_opened']} connections, answers they got: "
        f"{', '.join(result['answers_to_attackers']) or 'none'}"
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True, help="nginx's (or gunicorn's) port on 127.0.0.1")
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--header", action="append", default=[], metavar="NAME: VALUE")
    parser.add_argument("--token", help="a learner's API token: ten of the slow clients post ratings with it")
    parser.add_argument("--course", default="any", help="the course the ratings are posted to")
    args = parser.parse_args()
    headers = dict(header.split(": ", 1) for header in args.header)
    result = attack(args.port, seconds=args.seconds, headers=headers, token=args.token, course=args.course)
    print(describe(result))
    raise SystemExit(0 if result["max_latency"] <= 1.0 and not result["failures"] else 1)


if __name__ == "__main__":
    main()
