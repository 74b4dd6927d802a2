"""Schemathesis over the whole OpenAPI schema, against a live server: anonymous, then with a staff token.

Configuration in ``schemathesis.toml`` (bounded: a few examples per operation and phase, a fixed seed). Every
answer must be documented (status, content type, body shape) and none may be a server error. The reports go
to ``artifacts/schemathesis-*.txt``.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework.authtoken.models import Token

from conftest import ARTIFACTS

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
UNLIMITED = "1000000/minute"

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fuzzed_server(live_server, settings, course_with_lessons):
    """The live server with throttles and log-in limits out of the way: the fuzzer sends thousands of requests."""
    settings.API_THROTTLE_RATES = dict.fromkeys(settings.API_THROTTLE_RATES, UNLIMITED)
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, (1_000_000, 60))
    return live_server


def _fuzz(server, name, *options):
    command = [str(SCHEMATHESIS), "--config-file", str(PROJECT_DIR / "schemathesis.toml"), "run", *options]
    result = subprocess.run(
        [*command, f"{server.url}/api/schema/"], cwd=PROJECT_DIR, capture_output=True, text=True, timeout=900
    )
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"schemathesis-{name}.txt").write_text(result.stdout + result.stderr)
    return result


def test_anonymous_callers_get_no_server_error_and_only_documented_answers(fuzzed_server):
    result = _fuzz(fuzzed_server, "anonymous")

    assert result.returncode == 0, result.stdout[-8000:]


def test_staff_callers_get_no_server_error_and_only_documented_answers(fuzzed_server, staff_user):
    token = Token.objects.create(user=staff_user)

    # Revoking the token would leave the rest of the run anonymous; the anonymous run covers that operation.
    result = _fuzz(
        fuzzed_server,
        "staff",
        f"--header=Authorization: Token {token.key}",
        "--exclude-operation-id=auth_token_destroy",
    )

    assert result.returncode == 0, result.stdout[-8000:]
