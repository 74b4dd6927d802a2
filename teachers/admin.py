from django.contrib import admin
from django.db.models import Count, Q
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import DeletedListFilter, SoftDeleteAdmin
from teachers.models import Teacher


@admin.register(Teacher)
class TeacherAdmin(SoftDeleteAdmin):
    list_display = ["name", "email", "headline", "course_count", "is_live"]
    list_filter = [DeletedListFilter]
    search_fields = ["name", "email", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["avatar_preview"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "email", "headline", "bio", "avatar", "avatar_preview"]}),
        (_("In English"), {"fields": ["headline_en", "bio_en"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(course_count=Count("courses", filter=Q(courses__deleted_at__isnull=True)))
        )

    @admin.display(description=_("courses"), ordering="course_count")
    def course_count(self, obj):
        return obj.course_count

    @admin.display(description=_("preview"))
    def avatar_preview(self, obj):
        if not obj.avatar:
            return _("No picture yet.")
        return format_html('<img src="{}" alt="" width="160">', obj.avatar.url)
