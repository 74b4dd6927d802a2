"""The catalog selector as the pages and the API call it, on any database."""

import pytest

from courses import search, selectors
from courses.tests.factories import CourseFactory
from teachers.tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db


def test_search_results_carry_a_rank_so_they_can_be_ordered_by_relevance():
    CourseFactory(name="Curso de Python")

    [found] = selectors.course_list(search="Python", order_by=selectors.RELEVANCE)

    assert found.rank > 0


def test_relevance_order_without_search_text_falls_back_to_the_other_keys():
    CourseFactory(name="B")
    CourseFactory(name="A", published_at=CourseFactory.published_at.function())

    names = [course.name for course in selectors.course_list(search="   ", order_by=selectors.RELEVANCE)]

    assert names == ["A", "B"]


def test_teacher_filter_ignores_soft_deleted_teachers():
    teacher = TeacherFactory(slug="ana")
    CourseFactory(teachers=[teacher])
    teacher.soft_delete()

    assert list(selectors.course_list(teacher="ana")) == []


def test_clean_search_text_drops_control_characters_and_cuts_long_text():
    assert search.clean_search_text("  py\x00thon \n\t  3 ") == "py thon 3"
    assert len(search.clean_search_text("a" * 5000)) == search.SEARCH_MAX_LENGTH
