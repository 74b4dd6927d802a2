from django.http import Http404
from django.shortcuts import render

from teachers import selectors
from teachers.models import Teacher


def teacher_list(request):
    return render(request, "teachers/teacher_list.html", {"teachers": selectors.teacher_list()})


def teacher_detail(request, slug):
    try:
        teacher = selectors.teacher_detail(slug=slug)
    except Teacher.DoesNotExist:
        raise Http404 from None
    return render(request, "teachers/teacher_detail.html", {"teacher": teacher, "courses": teacher.published_courses})
