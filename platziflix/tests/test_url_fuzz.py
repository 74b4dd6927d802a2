"""Every URL pattern of the project, with any text in its parameters, answers without a server error.

Path parameters reach lookups: a NUL character, which PostgreSQL refuses in text (the driver raises instead of
finding nothing), a number too long for Python to parse, or any other text must end in a 404, a 400, a 422
(the original API's answer to a bad id) or a redirect, never a 500. The patterns are read from the URL
configuration, so a route added later is fuzzed without being listed here.
"""

import re
from datetime import timedelta
from urllib.parse import quote

import pytest
from django.urls import URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.heartbeat import worker_heartbeat_write
from courses.tests.factories import LessonFactory
from learning.models import Certificate
from learning.tests.factories import LearningPathFactory, complete_course

pytestmark = pytest.mark.django_db

UNLIMITED = "1000000/minute"
# A path converter (``<slug:slug>``, ``<code>``) or a regex group (``(?P<path>.+)``).
PARAMETER = re.compile(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)")
COURSE, LESSON, PATH, CERTIFICATE = "curso-python", "intro", "ruta-web", "Cert1ficate-Code_x"
KNOWN = [COURSE, LESSON, PATH, CERTIFICATE, "es", "en", "1", "2"]
HUGE_INTEGER = "9" * 5000  # Python refuses to parse more than 4,300 digits
EXTREMES = ["\x00", f"{COURSE}\x00", HUGE_INTEGER, "-" + "1" * 30, "18446744073709551616", "ñandú-😀", "\u202e..", " "]


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        else:
            yield route


def _templates():
    """Each route as a path with ``{}`` for each parameter, Spanish (no prefix) and English for the pages."""
    templates = set()
    for route in _routes(get_resolver().url_patterns):
        escaped = route.replace("{", "{{").replace("}", "}}")
        template = "/" + PARAMETER.sub("{}", escaped).replace("^", "").replace("$", "")
        templates.add(template)
        if not template.startswith(("/api/", "/admin/", "/media/", "/i18n/", "/health", "/robots", "/favicon")):
            templates.add("/en" + template)
    return sorted(templates)


TEMPLATES = _templates()
PUBLIC_TEMPLATES = [template for template in TEMPLATES if not template.startswith("/admin/")]
SEGMENTS = st.one_of(
    st.sampled_from(KNOWN + EXTREMES),
    st.text(min_size=1, max_size=30),  # any code point but a lone surrogate, NUL included
    st.text(alphabet=st.sampled_from("\x00a-_%/.é"), min_size=1, max_size=8),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.integers(min_value=4_000, max_value=6_000).map(lambda digits: "7" * digits),
)


def _url(template, segments):
    return template.format(*(quote(segment, safe="") for segment in segments[: template.count("{}")]))


@pytest.fixture
def catalog(settings, without_public_cache, learner):
    """A published course with a lesson, a path and a certificate to find, a worker that was just seen (so
    /health/ready answers 200 with a broker configured), and no throttle in the way."""
    worker_heartbeat_write(hostname="celery@fuzz")
    settings.API_THROTTLE_RATES = dict.fromkeys(settings.API_THROTTLE_RATES, UNLIMITED)
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, (1_000_000, 60))
    lesson = LessonFactory(course__slug=COURSE, slug=LESSON)
    LearningPathFactory(slug=PATH, courses=[lesson.course])
    complete_course(learner, lesson.course)
    Certificate.objects.filter(user=learner, course=lesson.course).update(code=CERTIFICATE)


def _server_errors(client, urls):
    return [(url, response.status_code) for url in urls if (response := client.get(url)).status_code >= 500]


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        "/certificates/%00/",
        "/certificates/%00/pdf/",
        "/en/certificates/%00/",
        "/api/v1/certificates/%00/",
        "/api/platziflix/courses/%00",
    ],
)
def test_a_nul_in_a_path_parameter_answers_404(client, catalog, url):
    response = client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize(
    "url", [f"/api/platziflix/classes/{HUGE_INTEGER}", f"/api/platziflix/courses/{HUGE_INTEGER}/ratings"]
)
def test_an_id_too_long_to_parse_answers_the_original_apis_422(client, catalog, url):
    response = client.get(url)

    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "int_parsing_size"


def test_every_pattern_with_every_extreme_value_answers_without_a_server_error(client, catalog):
    urls = [_url(template, [value] * 3) for template in PUBLIC_TEMPLATES for value in EXTREMES]

    assert _server_errors(client, urls) == []


def test_every_pattern_with_every_extreme_value_answers_staff_without_a_server_error(staff_client, catalog):
    urls = [_url(template, [value] * 3) for template in TEMPLATES for value in ("\x00", HUGE_INTEGER, "ñandú-😀")]

    assert _server_errors(staff_client, urls) == []


FUZZ = settings(
    max_examples=150,
    deadline=timedelta(seconds=5),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(template=st.sampled_from(PUBLIC_TEMPLATES), segments=st.lists(SEGMENTS, min_size=3, max_size=3))
def test_any_text_in_any_public_pattern_answers_without_a_server_error(client, catalog, template, segments):
    response = client.get(_url(template, segments))

    assert response.status_code < 500


@FUZZ
@given(template=st.sampled_from(TEMPLATES), segments=st.lists(SEGMENTS, min_size=3, max_size=3))
def test_any_text_in_any_pattern_answers_staff_without_a_server_error(staff_client, catalog, template, segments):
    response = staff_client.get(_url(template, segments))

    assert response.status_code < 500
