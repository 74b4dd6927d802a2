import pytest

from accounts.tests.factories import UserFactory
from courses import selectors, services
from courses.models import Lesson
from courses.tests.factories import CourseFactory, LessonFactory, RatingFactory

pytestmark = pytest.mark.django_db


def test_course_list_annotates_lesson_count_and_total_duration():
    course = CourseFactory()
    LessonFactory.create_batch(3, course=course, duration_seconds=100)
    LessonFactory(course=course, duration_seconds=999).soft_delete()

    [listed] = selectors.course_list()

    assert (listed.lessons_count, listed.duration_seconds) == (3, 300)


def test_course_list_filters_by_category_level_and_teacher_slug():
    from teachers.tests.factories import TeacherFactory

    teacher = TeacherFactory(slug="ana")
    wanted = CourseFactory(level="advanced", teachers=[teacher])
    CourseFactory(level="advanced", category=wanted.category)
    CourseFactory(teachers=[teacher])

    found = selectors.course_list(category=wanted.category.slug, level="advanced", teacher="ana")

    assert list(found) == [wanted]


def test_rating_distribution_always_has_the_five_scores():
    course = CourseFactory()
    RatingFactory.create_batch(2, course=course, score=5)
    RatingFactory(course=course, score=2)

    assert selectors.rating_distribution(course=course) == {"1": 0, "2": 1, "3": 0, "4": 0, "5": 2}


def test_lesson_detail_knows_the_previous_and_next_lessons():
    course = CourseFactory()
    first, second, third = (LessonFactory(course=course, position=p) for p in (1, 2, 3))

    lesson = selectors.lesson_detail(course_slug=course.slug, lesson_slug=second.slug)

    assert (lesson.previous_lesson, lesson.next_lesson) == (first, third)


def test_lesson_detail_hides_lessons_of_draft_courses():
    lesson = LessonFactory(course=CourseFactory(draft=True))

    with pytest.raises(Lesson.DoesNotExist):
        selectors.lesson_detail(course_slug=lesson.course.slug, lesson_slug=lesson.slug)


def test_learner_course_progress_continues_after_the_last_completed_lesson():
    learner, course = UserFactory(), CourseFactory()
    first, second, _third = (LessonFactory(course=course, position=p, duration_seconds=100) for p in (1, 2, 3))
    services.lesson_progress_update(user=learner, lesson=first, position_seconds=100)

    [progress] = selectors.learner_course_progress(user=learner)

    assert (progress.completed_lessons, progress.total_lessons, progress.percent) == (1, 3, 33)
    assert progress.next_lesson == second


def test_learner_course_progress_lists_the_most_recent_course_first(django_assert_max_num_queries):
    learner = UserFactory()
    courses = [CourseFactory() for _ in range(20)]
    for course in courses:
        lessons = LessonFactory.create_batch(3, course=course)
        services.lesson_progress_update(user=learner, lesson=lessons[0], position_seconds=10)

    with django_assert_max_num_queries(5):
        progress = selectors.learner_course_progress(user=learner)
        names = [p.course.name for p in progress]

    assert names[0] == courses[-1].name
    assert len(progress) == 20
