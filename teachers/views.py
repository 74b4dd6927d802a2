from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from courses.models import Course
from teachers.models import Teacher


def teacher_list(request):
    return render(request, "teachers/teacher_list.html", {"teachers": Teacher.objects.all()})


def teacher_detail(request, slug):
    teacher = get_object_or_404(
        Teacher.objects.prefetch_related(
            Prefetch("courses", queryset=Course.objects.published().select_related("category"))
        ),
        slug=slug,
    )
    return render(request, "teachers/teacher_detail.html", {"teacher": teacher})
