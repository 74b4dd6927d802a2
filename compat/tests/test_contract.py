"""Contract tests: the original clients' own request sequences, their answers decoded as each client decodes them.

Field lists come from the clients' sources (platzi/claude-code): the Next.js site's ``src/types`` (plus the
``title`` and ``teacher`` its course page reads), the iOS app's Swift ``Codable`` DTOs and the Android app's
Gson ``CourseDTO``. Swift and the Android mapper fail the whole answer on a missing or null non-optional field;
unknown keys are ignored by every client.
"""

import pytest
from rest_framework.authtoken.models import Token

from accounts.services import api_key_create
from courses.tests.factories import CourseFactory, LessonFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db

BASE = "/api/platziflix"


class Optional:
    """A field the client declares optional: absent, null, or of the given type."""

    def __init__(self, kind):
        self.kind = kind


NUMBER = (int, float)
WEB_COURSE = {
    "id": int,
    "name": str,
    "description": str,
    "thumbnail": str,
    "slug": str,
    "average_rating": Optional(NUMBER),
    "total_ratings": Optional(int),
}
WEB_CLASS = {"id": int, "title": str, "description": str, "video": str, "duration": int, "slug": str}
WEB_COURSE_DETAIL = {**WEB_COURSE, "title": str, "teacher": str, "classes": [WEB_CLASS]}
WEB_RATING = {"id": int, "course_id": int, "user_id": int, "rating": int, "created_at": str, "updated_at": str}
WEB_RATING_STATS = {"average_rating": NUMBER, "total_ratings": int}

MOBILE_COURSE = {
    "id": int,
    "name": str,
    "description": str,
    "thumbnail": str,
    "slug": str,
    "created_at": Optional(str),
    "updated_at": Optional(str),
    "deleted_at": Optional(str),
    "teacher_id": Optional([int]),
}
IOS_CLASS = {"id": int, "name": str, "description": str, "slug": str}
IOS_COURSE_DETAIL = {
    "id": int,
    "name": str,
    "description": str,
    "thumbnail": str,
    "slug": str,
    "teacher_id": Optional([int]),
    "classes": Optional([IOS_CLASS]),
}
IOS_CLASS_DETAIL = {
    "id": int,
    "course_id": int,
    "name": str,
    "description": str,
    "slug": str,
    "video_url": str,
    "created_at": Optional(str),
    "updated_at": Optional(str),
    "deleted_at": Optional(str),
}


def decode(value, spec, where="$"):
    """Raise AssertionError, naming the field, where the client's decoder would fail."""
    if isinstance(spec, Optional):
        if value is not None:
            decode(value, spec.kind, where)
    elif isinstance(spec, dict):
        assert isinstance(value, dict), f"{where}: expected an object"
        for key, field_spec in spec.items():
            if key not in value:
                assert isinstance(field_spec, Optional), f"{where}.{key}: missing"
                continue
            decode(value[key], field_spec, f"{where}.{key}")
    elif isinstance(spec, list):
        assert isinstance(value, list), f"{where}: expected a list"
        for index, item in enumerate(value):
            decode(item, spec[0], f"{where}[{index}]")
    else:
        kinds = spec if isinstance(spec, tuple) else (spec,)
        assert value is not None, f"{where}: null where the client needs a value"
        assert isinstance(value, kinds) and not isinstance(value, bool), f"{where}: {value!r} is not {spec}"
    return value


def format_duration(seconds):
    """The Next.js course page's formatDuration."""
    return f"{seconds // 3600}h {(seconds % 3600) // 60}m"


@pytest.fixture
def catalog(db):
    """The demo-like course the clients open, and one with no picture, no description and no teacher."""
    ana, bruno = TeacherFactory(name="Ana"), TeacherFactory(name="Bruno")
    course = CourseFactory(name="Curso de Django", slug="django", teachers=[ana, bruno])
    lessons = [
        LessonFactory(course=course, name="Instalación", duration_seconds=1800, position=1),
        LessonFactory(course=course, name="Modelos", duration_seconds=2700, position=2, video_url=""),
    ]
    bare = CourseFactory(name="Curso sin nada", slug="vacio", description="")
    return course, lessons, bare


def test_web_visit_home_course_and_every_class(api_client, catalog):
    course = catalog[0]

    home = decode(api_client.get(f"{BASE}/courses").json(), [WEB_COURSE])
    opened = next(item for item in home if item["id"] == course.pk)
    metadata = api_client.get(f"{BASE}/courses/{opened['slug']}").json()
    page = decode(api_client.get(f"{BASE}/courses/{opened['slug']}").json(), WEB_COURSE_DETAIL)
    classes = [decode(api_client.get(f"{BASE}/classes/{c['id']}").json(), WEB_CLASS) for c in page["classes"]]

    assert f"{metadata['title']} - Curso Online" == "Curso de Django - Curso Online"
    assert f"Por {page['teacher']}" == "Por Ana, Bruno"
    assert [c["title"] for c in page["classes"]] == ["Instalación", "Modelos"]
    assert [format_duration(c["duration"]) for c in page["classes"]] == ["0h 30m", "0h 45m"]
    assert format_duration(sum(c["duration"] for c in page["classes"])) == "1h 15m"
    assert [c["title"] for c in classes] == ["Instalación", "Modelos"]
    assert classes[0]["video"] == "https://example.com/video.webm" and classes[1]["video"] == ""


def test_web_visit_of_an_unknown_course_gets_the_404_its_not_found_page_expects(api_client, catalog):
    response = api_client.get(f"{BASE}/courses/no-such-course")

    assert response.status_code == 404


def test_android_course_list_decodes_every_course(client, catalog):
    response = client.get(f"{BASE}/courses")

    courses = decode(response.json(), [MOBILE_COURSE])
    bare = next(item for item in courses if item["slug"] == "vacio")
    assert response.status_code == 200
    assert bare["description"] == "" and bare["thumbnail"].startswith("http://testserver/static/")


def test_ios_list_detail_and_class_decode(client, catalog):
    _course, lessons, _bare = catalog
    headers = {"Content-Type": "application/json", "Accept": "application/json"}

    courses = decode(client.get(f"{BASE}/courses", headers=headers).json(), [MOBILE_COURSE])
    details = [
        decode(client.get(f"{BASE}/courses/{item['slug']}", headers=headers).json(), IOS_COURSE_DETAIL)
        for item in courses
    ]
    class_details = [
        decode(client.get(f"{BASE}/classes/{lesson.pk}", headers=headers).json(), IOS_CLASS_DETAIL)
        for lesson in lessons
    ]

    assert sorted(len(detail["classes"]) for detail in details) == [0, 2]
    assert [item["video_url"] for item in class_details] == ["https://example.com/video.webm", ""]


def test_ratings_api_sequence_of_the_nextjs_site(client, learner, catalog):
    course = catalog[0]
    token = Token.objects.create(user=learner)
    headers = {"Content-Type": "application/json", "Authorization": f"Token {token.key}"}
    ratings = f"{BASE}/courses/{course.pk}/ratings"
    mine = f"{ratings}/{learner.pk}"

    def call(method, url, body=None):
        response = client.generic(method, url, body or "", headers=headers)
        if response.status_code != 204:
            assert "application/json" in response["Content-Type"]
        return response

    stats = decode(call("GET", f"{ratings}/stats").json(), WEB_RATING_STATS)
    listed = decode(call("GET", ratings).json(), [WEB_RATING])
    no_rating = call("GET", mine)
    created = call("POST", ratings, f'{{"user_id": {learner.pk}, "rating": 5}}')
    recreated = call("POST", ratings, f'{{"user_id": {learner.pk}, "rating": 4}}')
    found = call("GET", mine)
    updated = call("PUT", mine, f'{{"user_id": {learner.pk}, "rating": 2}}')
    stats_after = decode(call("GET", f"{ratings}/stats").json(), WEB_RATING_STATS)
    deleted = call("DELETE", mine)
    gone = call("GET", mine)

    assert (stats["average_rating"], stats["total_ratings"], listed, no_rating.status_code) == (0.0, 0, [], 404)
    assert (created.status_code, recreated.status_code, found.status_code, updated.status_code) == (201, 201, 200, 200)
    rating_answers = [decode(r.json(), WEB_RATING) for r in (created, recreated, found, updated)]
    assert [r["rating"] for r in rating_answers] == [5, 4, 4, 2]
    assert len({r["id"] for r in rating_answers}) == 1
    assert (stats_after["average_rating"], stats_after["total_ratings"]) == (2.0, 1)
    assert (deleted.status_code, gone.status_code) == (204, 404)


def test_server_side_site_with_an_api_key_is_not_stopped_by_the_anonymous_limit(
    client, settings, catalog, without_public_cache
):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "anon": "5/minute"}
    _api_key, raw_key = api_key_create(name="Next.js site")
    pages = [f"{BASE}/courses", f"{BASE}/courses/django"] * 10

    anonymous = [client.get(url).status_code for url in pages]
    with_key = [client.get(url, headers={"Authorization": f"Api-Key {raw_key}"}).status_code for url in pages]

    assert 429 in anonymous
    assert set(with_key) == {200}
