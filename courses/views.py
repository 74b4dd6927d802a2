from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from courses.models import Course, Lesson
from courses.selectors import course_cards

COURSES_PER_PAGE = 12


def course_list(request):
    page = Paginator(course_cards().order_by("-published_at", "name"), COURSES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "courses/course_list.html", {"page_obj": page, "courses": page.object_list})


def course_detail(request, slug):
    course = get_object_or_404(course_cards(), slug=slug)
    return render(request, "courses/course_detail.html", {"course": course, "lessons": course.lessons.all()})


def lesson_detail(request, course_slug, lesson_slug):
    course = get_object_or_404(Course.objects.published(), slug=course_slug)
    lesson = get_object_or_404(Lesson.objects.select_related("course"), course=course, slug=lesson_slug)
    return render(
        request,
        "courses/lesson_detail.html",
        {"course": course, "lesson": lesson, "lessons": course.lessons.all()},
    )
