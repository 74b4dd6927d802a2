"""gunicorn for Platziflix: ``gunicorn -c deploy/gunicorn.conf.py`` (the Procfile's web process), behind nginx.

Environment (each optional):
  PORT / GUNICORN_BIND  where to listen: ``127.0.0.1:$PORT`` (8000), or a full bind such as ``0.0.0.0:8000``
  WEB_CONCURRENCY       worker processes (default: the number of cores, at least 2)
  WEB_THREADS           threads per worker (default 4)
  GUNICORN_CONTROL_SOCKET  a path for gunicornc's control socket (default: none)

Why these (README, "Running in production"; measured with benchmarks/throughput.py --nginx):
- gthread workers, several threads each: a request mostly waits on PostgreSQL and Redis, and the threads overlap
  those waits; they also keep nginx's upstream connections alive (the sync worker closes every one).
- reuse_port: each worker opens a listening socket of its own on the same port and the kernel spreads new
  connections over them. Without it, the workers share one socket and whoever wakes first accepts a whole burst of
  connects; kept alive, those connections stay with that one worker, which then serves them all while the others
  idle (about one run in five of benchmarks/throughput.py at 8 connections, at half the throughput).
- keepalive longer than nginx's upstream keepalive_timeout (60 s), so nginx, not gunicorn, closes an idle
  connection: otherwise nginx may send a request on a connection gunicorn is closing, and a POST cannot be retried.
- nginx buffers whole requests and answers, so a worker thread is never held by a slow client; gunicorn's own
  timeout only catches a stuck request.
"""

import os

from core.logging import gunicorn_logconfig_dict

wsgi_app = "platziflix.wsgi:application"
bind = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY") or max(2, os.cpu_count() or 1))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS") or 4)
reuse_port = True
keepalive = 75
timeout = 60
graceful_timeout = 30
# A worker is replaced after this many requests (give or take the jitter, so they do not all restart together):
# memory a long-lived process fragments is given back.
max_requests = 20000
max_requests_jitter = 2000
# nginx logs every request; gunicorn's errors and start-up lines go to stderr.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# gunicorn's control socket (for gunicornc) defaults to one path per user, which the next gunicorn on the machine
# would take over; it is off unless GUNICORN_CONTROL_SOCKET names a path of this server's own.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET") or "gunicorn.ctl"
control_socket_disable = not os.environ.get("GUNICORN_CONTROL_SOCKET")

# Observability (README, "Observability"): gunicorn's own lines in LOG_FORMAT (plain or JSON) and in UTC, like the
# app's; with PROMETHEUS_MULTIPROC_DIR, the metrics files of a worker that exited stop counting as live.
logconfig_dict = gunicorn_logconfig_dict()


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
