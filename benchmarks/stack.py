"""The production stack's pieces for the scripts that run them (smoke.py, slow_clients.py, throughput.py --nginx):
deploy/nginx.conf rendered for a port and folders, nginx started in the foreground on it, and small HTTP helpers.

Also a command that renders the template for a real server:

    python benchmarks/stack.py nginx-conf --listen 80 --upstream 127.0.0.1:8000 \\
        --static-root /srv/platziflix/staticfiles --media-root /srv/platziflix/media --run-dir /var/lib/platziflix-nginx
"""

import argparse
import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = PROJECT_DIR / "deploy" / "nginx.conf"
GUNICORN_CONFIG = PROJECT_DIR / "deploy" / "gunicorn.conf.py"


def render_nginx(*, listen, upstream, static_root, media_root, run_dir):
    text = NGINX_TEMPLATE.read_text()
    values = {
        "listen": listen,
        "upstream": upstream,
        "static_root": str(static_root).rstrip("/"),
        "media_root": str(media_root).rstrip("/"),
        "run_dir": str(run_dir).rstrip("/"),
    }
    for name, value in values.items():
        text = text.replace("{{ " + name + " }}", str(value))
    if "{{" in text:
        raise SystemExit(f"{NGINX_TEMPLATE} names a field this script does not fill in.")
    return text


def nginx_binary():
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if not found:
        raise SystemExit("nginx is not installed: apt-get install -y nginx")
    return found


def start_nginx(run_dir, *, listen, upstream, static_root, media_root, log):
    """nginx in the foreground with its pid, logs and buffers in run_dir; returns the Popen (its own session)."""
    run_dir = Path(run_dir)
    run_dir.mkdir(parents=True, exist_ok=True)
    conf = run_dir / "nginx.conf"
    conf.write_text(
        render_nginx(listen=listen, upstream=upstream, static_root=static_root, media_root=media_root, run_dir=run_dir)
    )
    binary = nginx_binary()
    error_log = str(run_dir / "error.log")
    test = subprocess.run([binary, "-t", "-q", "-c", str(conf), "-e", error_log], capture_output=True, text=True)
    if test.returncode:
        raise SystemExit(f"nginx refuses {conf}:\n{test.stderr}")
    return subprocess.Popen(
        [binary, "-c", str(conf), "-e", error_log, "-g", "daemon off;"],
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def stop(processes, timeout=20):
    """SIGTERM to each process group (a server and the workers it forked), SIGKILL after ``timeout``."""
    for process in processes:
        if process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def port_in_use(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def request(port, method, path, *, headers=None, body=None, timeout=30):
    """One request on a new connection: (status, headers as a dict with lower-case names, body bytes)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, {name.lower(): value for name, value in response.getheaders()}, response.read()
    finally:
        connection.close()


def wait_for(port, path, *, headers=None, seconds=60, process=None, want=(200,)):
    deadline = time.monotonic() + seconds
    last = None
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"the server for port {port} exited with status {process.returncode}")
        try:
            status, _headers, body = request(port, "GET", path, headers=headers, timeout=5)
            if status in want:
                return body
            last = f"{status} {body[:200]!r}"
        except OSError as error:
            last = repr(error)
        time.sleep(0.3)
    raise RuntimeError(f"GET {path} on port {port} did not answer {want} within {seconds} s (last: {last})")


def main():
    parser = argparse.ArgumentParser(description="Render deploy/nginx.conf for a server")
    commands = parser.add_subparsers(dest="command", required=True)
    conf = commands.add_parser("nginx-conf", help="print deploy/nginx.conf with its fields filled in")
    conf.add_argument("--listen", default="80")
    conf.add_argument("--upstream", default="127.0.0.1:8000")
    conf.add_argument("--static-root", default=str(PROJECT_DIR / "staticfiles"))
    conf.add_argument("--media-root", default=str(PROJECT_DIR / "media"))
    conf.add_argument("--run-dir", default="/var/lib/platziflix-nginx")
    args = parser.parse_args()
    sys.stdout.write(
        render_nginx(
            listen=args.listen,
            upstream=args.upstream,
            static_root=args.static_root,
            media_root=args.media_root,
            run_dir=args.run_dir,
        )
    )


if __name__ == "__main__":
    main()
