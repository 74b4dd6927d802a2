"""A change ends the cached answers that show the changed object, not all of them (surrogate keys,
core/public_cache.py): a rating on course A ends A's answers and the lists that show averages, and leaves course
B's answers, other teachers' pages and the paths that do not hold A cached."""

import os

import pytest
from django.core.cache import cache
from django.test import Client

from courses.tests.factories import CourseFactory, LessonFactory
from learning import services as learning
from learning.tests.factories import LearningPathFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_courses(db):
    """Course A (teacher Ana, path "ruta-a") and course B (teacher Beto, path "ruta-b"), two lessons each."""
    ana, beto = TeacherFactory(name="Ana", slug="ana"), TeacherFactory(name="Beto", slug="beto")
    course_a = CourseFactory(name="Curso A", slug="curso-a", teachers=[ana])
    course_b = CourseFactory(name="Curso B", slug="curso-b", teachers=[beto])
    for course in (course_a, course_b):
        LessonFactory(course=course, slug="uno", position=1)
        LessonFactory(course=course, slug="dos", position=2)
    LearningPathFactory(slug="ruta-a", courses=[course_a])
    LearningPathFactory(slug="ruta-b", courses=[course_b])
    return course_a, course_b


A_ANSWERS = [
    "/courses/curso-a/",
    "/en/courses/curso-a/",
    "/courses/curso-a/lessons/uno/",
    "/api/v1/courses/curso-a/",
    "/api/v1/courses/curso-a/ratings/",
    "/api/v1/courses/curso-a/ratings/stats/",
    "/api/platziflix/courses/curso-a",
    "/teachers/ana/",
    "/paths/ruta-a/",
    "/api/v1/paths/ruta-a/",
]
LISTS = ["/", "/courses/", "/api/v1/courses/", "/api/platziflix/courses"]
B_ANSWERS = [
    "/courses/curso-b/",
    "/en/courses/curso-b/",
    "/courses/curso-b/lessons/uno/",
    "/courses/curso-b/lessons/dos/",
    "/api/v1/courses/curso-b/",
    "/api/v1/courses/curso-b/lessons/uno/",
    "/api/v1/courses/curso-b/ratings/stats/",
    "/api/platziflix/courses/curso-b",
    "/teachers/beto/",
    "/paths/ruta-b/",
    "/api/v1/paths/ruta-b/",
]


def _cache_states(client, urls):
    return {url: client.get(url)["X-Cache"] for url in urls}


def _warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
    assert set(_cache_states(client, urls).values()) == {"hit"}


def test_a_rating_on_one_course_ends_its_answers_and_the_lists_and_keeps_the_other_courses(
    client, signed_in, two_courses
):
    _warm(client, A_ANSWERS + LISTS + B_ANSWERS)

    assert signed_in.post("/api/v1/courses/curso-a/ratings/", {"score": 4}, format="json").status_code == 201

    assert _cache_states(client, A_ANSWERS) == dict.fromkeys(A_ANSWERS, "miss")
    assert _cache_states(client, LISTS) == dict.fromkeys(LISTS, "miss")
    assert _cache_states(client, B_ANSWERS) == dict.fromkeys(B_ANSWERS, "hit")
    assert client.get("/api/v1/courses/curso-a/ratings/stats/").json()["total_ratings"] == 1


def test_an_edit_to_a_lesson_ends_its_course_and_keeps_the_other_course(client, two_courses):
    course_a, _course_b = two_courses
    _warm(client, ["/courses/curso-a/lessons/uno/", "/api/v1/courses/curso-a/", *B_ANSWERS])

    lesson = course_a.lessons.get(slug="uno")
    lesson.name = "Primera clase, revisada"
    lesson.save()

    assert "Primera clase, revisada" in client.get("/courses/curso-a/lessons/uno/").text
    assert client.get("/api/v1/courses/curso-a/").json()["lessons"][0]["name"] == "Primera clase, revisada"
    assert _cache_states(client, B_ANSWERS) == dict.fromkeys(B_ANSWERS, "hit")


def test_a_teacher_renamed_ends_the_pages_of_their_courses_and_keeps_the_others(client, two_courses):
    _warm(client, ["/courses/curso-a/", "/api/v1/courses/curso-a/", "/courses/curso-b/", "/paths/ruta-b/"])
    ana = TeacherFactory._meta.model.objects.get(slug="ana")

    ana.name = "Ana María"
    ana.save()

    assert "Ana María" in client.get("/courses/curso-a/").text
    assert client.get("/api/v1/courses/curso-a/").json()["teachers"][0]["name"] == "Ana María"
    assert client.get("/courses/curso-b/")["X-Cache"] == "hit"


def test_a_course_added_to_a_path_ends_that_course_page_and_the_path(client, two_courses):
    _course_a, course_b = two_courses
    path_a = LearningPathFactory._meta.model.objects.get(slug="ruta-a")
    _warm(client, ["/courses/curso-b/", "/paths/ruta-a/", "/courses/curso-a/"])

    path_a.memberships.create(course=course_b, position=5)

    assert "ruta-a" in client.get("/courses/curso-b/").text
    assert "Curso B" in client.get("/paths/ruta-a/").text
    assert client.get("/courses/curso-a/")["X-Cache"] == "hit"


def test_a_course_unpublished_ends_the_lists_teachers_and_paths_that_showed_it(client, staff_user, two_courses):
    course_a, _course_b = two_courses
    _warm(client, ["/courses/", "/teachers/ana/", "/paths/ruta-a/", "/courses/curso-a/"])
    admin = Client()
    admin.force_login(staff_user)

    admin.post("/admin/courses/course/", {"action": "unpublish", "_selected_action": [course_a.pk]})

    assert "Curso A" not in client.get("/courses/").text
    assert "Curso A" not in client.get("/teachers/ana/").text
    assert "Curso A" not in client.get("/paths/ruta-a/").text
    assert client.get("/courses/curso-a/").status_code == 404


def test_a_rating_on_one_course_keeps_the_shared_page_of_the_other_course_for_signed_in_learners(
    client, learner, signed_in, two_courses
):
    client.force_login(learner)
    client.get("/courses/curso-a/")
    client.get("/courses/curso-b/")

    signed_in.post("/api/v1/courses/curso-a/ratings/", {"score": 5, "review": "Excelente curso."}, format="json")
    course_a, course_b = client.get("/courses/curso-a/"), client.get("/courses/curso-b/")

    assert "Excelente curso." in course_a.text
    assert course_a["X-Learner-Page"] == "miss"
    assert course_b["X-Learner-Page"] == "own"  # B's shared page is kept; the learner's parts follow their rating


def test_the_cached_parts_of_a_page_rendered_whole_are_kept_for_the_other_course(
    client, learner, staff_user, two_courses
):
    """Staff, and learners with a message to read, get the page rendered whole: its shared parts still come from
    the fragment cache, which a rating on another course keeps."""
    client.force_login(staff_user)
    client.get("/courses/curso-a/")
    client.get("/courses/curso-b/")
    learning.rating_submit(user=learner, course=two_courses[0], score=5, review="")

    found = _fragment_reads(client, "/courses/curso-b/")

    assert found and all(found)


def _fragment_reads(client, url):
    """Whether each ``{% cache %}`` part of the page was found in the cache (True) or rendered (False)."""
    found = []
    get = cache.get

    def recording_get(key, default=None, version=None):
        value = get(key, default, version=version)
        if key.startswith("template.cache."):
            found.append(value is not None)
        return value

    cache.get = recording_get
    try:
        client.get(url)
    finally:
        del cache.get
    return found


@pytest.fixture
def cache_round_trips(monkeypatch):
    calls = []
    for name in ("get", "get_many", "set", "set_many", "incr", "add"):
        method = getattr(cache, name)
        monkeypatch.setattr(
            cache, name, lambda *args, _method=method, _name=name, **kw: calls.append(_name) or _method(*args, **kw)
        )
    return calls


@pytest.mark.skipif(
    not os.environ.get("REDIS_URL"),
    reason="a round trip is Redis's: local memory's get_many is one get per key",
)
@pytest.mark.parametrize("url", ["/courses/curso-a/", "/api/v1/courses/curso-a/", "/courses/"])
def test_a_cached_hit_costs_one_round_trip_to_the_cache(client, two_courses, cache_round_trips, url):
    client.get(url)
    client.get(url)
    cache_round_trips.clear()

    response = client.get(url)

    assert response["X-Cache"] == "hit"
    assert cache_round_trips == ["get_many"]


def test_a_miss_costs_a_fixed_number_of_round_trips_to_the_cache(client, two_courses, cache_round_trips):
    client.get("/courses/curso-a/")
    first = list(cache_round_trips)
    CourseFactory.create_batch(5)
    cache.clear()
    cache_round_trips.clear()

    client.get("/courses/curso-a/")

    assert len(cache_round_trips) == len(first)


def test_a_teacher_deleted_ends_the_pages_of_the_courses_they_taught(client, two_courses):
    _warm(client, ["/courses/curso-a/", "/courses/curso-b/"])

    TeacherFactory._meta.model.objects.get(slug="ana").delete()  # the course links go with the row

    assert "/teachers/ana/" not in client.get("/courses/curso-a/").text
    assert client.get("/courses/curso-b/")["X-Cache"] == "hit"
