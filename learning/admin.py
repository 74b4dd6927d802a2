from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import DeletedListFilter, SoftDeleteAdmin
from learning import services
from learning.models import LessonProgress, Rating


@admin.register(Rating)
class RatingAdmin(SoftDeleteAdmin):
    list_display = ["course", "user", "score", "short_review", "created_at", "is_live"]
    list_filter = ["score", DeletedListFilter]
    list_select_related = ["course", "user"]
    search_fields = ["course__name", "user__username", "review"]
    raw_id_fields = ["course", "user"]
    readonly_fields = ["course", "user", "score", "review", "created_at", "updated_at"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("review"))
    def short_review(self, obj):
        return obj.review[:80] + ("…" if len(obj.review) > 80 else "")

    def delete_model(self, request, obj):
        services.ratings_soft_delete(ratings=Rating.all_objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        services.ratings_soft_delete(ratings=queryset)

    @admin.action(description=_("Restore selected"), permissions=["change"])
    def restore_selected(self, request, queryset):
        restored = services.ratings_restore(ratings=queryset)
        self.message_user(
            request,
            ngettext("%(count)d rating restored.", "%(count)d ratings restored.", restored) % {"count": restored},
            messages.SUCCESS,
        )


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ["user", "lesson", "course", "position_seconds", "completed_at", "updated_at"]
    list_filter = [("completed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "lesson__course"]
    search_fields = ["user__username", "lesson__name", "lesson__course__name"]

    @admin.display(description=_("course"), ordering="lesson__course__name")
    def course(self, obj):
        return obj.lesson.course

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
