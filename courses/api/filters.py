import django_filters
from django.utils.translation import gettext_lazy as _

from courses import selectors
from courses.models import Category, Course
from teachers.models import Teacher

ORDERING_FIELDS = ["name", "published_at", "average_rating", "total_ratings"]


class CourseFilter(django_filters.FilterSet):
    """Validates the catalog's query parameters, then hands them to ``selectors.course_list``.

    Filtering itself lives in the selector, so the catalog page and the API always agree.
    """

    search = django_filters.CharFilter(max_length=200, help_text=_("Words to look for in courses."))
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), to_field_name="slug", help_text=_("A category's slug.")
    )
    level = django_filters.ChoiceFilter(choices=Course.Level.choices)
    teacher = django_filters.ModelChoiceFilter(
        queryset=Teacher.objects.all(), field_name="teachers", to_field_name="slug", help_text=_("A teacher's slug.")
    )
    ordering = django_filters.ChoiceFilter(
        choices=[(prefix + field, prefix + field) for field in ORDERING_FIELDS for prefix in ("", "-")],
        help_text=_("Sort by this field; a leading '-' sorts descending. Newest first when absent."),
    )

    class Meta:
        model = Course
        fields = []

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        ordering = data.get("ordering")
        order_by = (ordering, "name", "id") if ordering else selectors.NEWEST_FIRST
        return selectors.course_list(
            search=data.get("search") or "",
            category=data["category"].slug if data.get("category") else "",
            level=data.get("level") or "",
            teacher=data["teacher"].slug if data.get("teacher") else "",
            order_by=order_by,
        )
