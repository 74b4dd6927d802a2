from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from courses import selectors
from courses.models import Course, Lesson

COURSES_PER_PAGE = 12


def course_list(request):
    page = Paginator(selectors.course_list(), COURSES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "courses/course_list.html", {"page_obj": page, "courses": page.object_list})


def course_detail(request, slug):
    try:
        course = selectors.course_detail(slug=slug)
    except Course.DoesNotExist:
        raise Http404 from None
    return render(request, "courses/course_detail.html", {"course": course, "lessons": course.lessons.all()})


def lesson_detail(request, course_slug, lesson_slug):
    try:
        lesson = selectors.lesson_detail(course_slug=course_slug, lesson_slug=lesson_slug)
    except Lesson.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "courses/lesson_detail.html",
        {"course": lesson.course, "lesson": lesson, "lessons": lesson.course_lessons},
    )
