import pytest
from django.core.paginator import Paginator

from core.pagination import KeysFirstPaginator
from courses import selectors
from courses.models import Course
from courses.tests.factories import CourseFactory, LessonFactory
from learning.tests.factories import RatingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog():
    courses = CourseFactory.create_batch(23)
    for index, course in enumerate(courses):
        LessonFactory.create_batch(index % 3 + 1, course=course)
        RatingFactory(course=course, score=index % 5 + 1)
    return courses


class EveryPageKeysFirst(KeysFirstPaginator):
    min_offset = 0


@pytest.mark.parametrize("order_by", [selectors.NEWEST_FIRST, selectors.BEST_RATED, selectors.BY_NAME])
def test_keys_first_pages_hold_the_same_rows_in_the_same_order_as_plain_pages(catalog, order_by):
    courses = selectors.course_list(order_by=order_by)
    plain, keys_first = Paginator(courses, 5), EveryPageKeysFirst(courses, 5)

    for number in plain.page_range:
        expected = [(c.pk, c.lessons_count) for c in plain.page(number)]
        assert [(c.pk, c.lessons_count) for c in keys_first.page(number)] == expected


def test_a_deep_page_runs_a_fixed_number_of_queries(catalog, django_assert_num_queries):
    paginator = EveryPageKeysFirst(selectors.course_list(), 5)

    # count, the page's keys, the page's rows, their teachers
    with django_assert_num_queries(4):
        page = list(paginator.page(4))

    assert len(page) == 5


def test_early_pages_are_sliced_in_one_query(catalog, django_assert_num_queries):
    paginator = KeysFirstPaginator(selectors.course_list(), 5)

    # count, the page's rows, their teachers
    with django_assert_num_queries(3):
        list(paginator.page(2))


def test_a_deep_page_of_a_combined_queryset_is_sliced_like_a_plain_page(catalog):
    courses = (
        Course.objects.filter(pk__in=[c.pk for c in catalog[:12]])
        .order_by()  # SQLite refuses an ORDER BY inside either side of a union
        .union(Course.objects.filter(pk__in=[c.pk for c in catalog[12:]]).order_by())
        .order_by("id")
    )
    plain, keys_first = Paginator(courses, 5), EveryPageKeysFirst(courses, 5)

    assert [c.pk for c in keys_first.page(3)] == [c.pk for c in plain.page(3)]
