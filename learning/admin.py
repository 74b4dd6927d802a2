from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.admin import DeletedListFilter, LongLineFieldsMixin, ReadOnlyAdmin, SoftDeleteAdmin
from learning import services
from learning.models import (
    Certificate,
    Choice,
    Exam,
    ExamAttempt,
    LearningPath,
    LessonProgress,
    PathCourse,
    Question,
    Rating,
)
from teachers.admin import TaughtCoursesAdminMixin

MIN_CHOICES, MAX_CHOICES = 2, 6


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
class LessonProgressAdmin(ReadOnlyAdmin):
    list_display = ["user", "lesson", "course", "position_seconds", "completed_at", "updated_at"]
    list_filter = [("completed_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "lesson__course"]
    search_fields = ["user__username", "lesson__name", "lesson__course__name"]

    @admin.display(description=_("course"), ordering="lesson__course__name")
    def course(self, obj):
        return obj.lesson.course


class PathCourseInline(admin.TabularInline):
    model = PathCourse
    fields = ["position", "course"]
    autocomplete_fields = ["course"]
    ordering = ["position", "id"]
    extra = 1


@admin.register(LearningPath)
class LearningPathAdmin(LongLineFieldsMixin, SoftDeleteAdmin):
    long_line_fields = ["summary", "summary_en"]
    list_display = ["name", "slug", "status", "courses_count", "updated_at", "is_live"]
    list_filter = ["status", DeletedListFilter]
    search_fields = ["name", "name_en", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PathCourseInline]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "status"]}),
        (_("In English"), {"fields": ["name_en", "summary_en", "description_en"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(courses_total=Count("memberships"))

    @admin.display(description=_("courses"), ordering="courses_total")
    def courses_count(self, obj):
        return obj.courses_total


class QuestionInline(admin.TabularInline):
    """The exam's questions in order; each one's answers are edited on the question's own page."""

    model = Question
    fields = ["position", "text", "text_en", "choices_count"]
    readonly_fields = ["choices_count"]
    ordering = ["position", "id"]
    show_change_link = True
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(choices_total=Count("choices"))

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("answers"))
    def choices_count(self, obj):
        return obj.choices_total


@admin.register(Exam)
class ExamAdmin(TaughtCoursesAdminMixin, admin.ModelAdmin):
    list_display = ["course", "pass_percent", "questions_count", "drawn", "show_wrong_before_passing", "updated_at"]
    list_select_related = ["course"]
    search_fields = ["course__name", "course__slug"]
    autocomplete_fields = ["course"]
    fields = ["course", "pass_percent", "questions_per_attempt", "show_wrong_before_passing"]
    inlines = [QuestionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(questions_total=Count("questions"))

    @admin.display(description=_("questions"), ordering="questions_total")
    def questions_count(self, obj):
        return obj.questions_total

    @admin.display(description=_("questions per attempt"))
    def drawn(self, obj):
        drawn = min(obj.questions_per_attempt or obj.questions_total, obj.questions_total)
        return _("%(drawn)d of %(total)d") % {"drawn": drawn, "total": obj.questions_total}


class ChoiceInlineFormSet(BaseInlineFormSet):
    """A question has from 2 to 6 answers, exactly one of them correct."""

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        if not MIN_CHOICES <= len(kept) <= MAX_CHOICES:
            raise forms.ValidationError(
                _("A question needs from %(min)d to %(max)d answers.") % {"min": MIN_CHOICES, "max": MAX_CHOICES},
                code="choices_count",
            )
        if sum(1 for form in kept if form.cleaned_data.get("is_correct")) != 1:
            raise forms.ValidationError(_("Mark exactly one answer as correct."), code="one_correct")


class ChoiceInline(admin.TabularInline):
    model = Choice
    formset = ChoiceInlineFormSet
    fields = ["position", "text", "text_en", "is_correct"]
    ordering = ["position", "id"]
    extra = 4
    min_num = MIN_CHOICES
    max_num = MAX_CHOICES


@admin.register(Question)
class QuestionAdmin(TaughtCoursesAdminMixin, admin.ModelAdmin):
    course_lookup = "exam__course"

    list_display = ["text", "exam", "position"]
    list_select_related = ["exam__course"]
    search_fields = ["text", "exam__course__name"]
    autocomplete_fields = ["exam"]
    inlines = [ChoiceInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Choice:
            return super().save_formset(request, form, formset, change)
        # One correct answer per question is a unique index: clear the old one before marking the new one.
        choices = formset.save(commit=False)
        for choice in formset.deleted_objects:
            choice.delete()
        for choice in sorted(choices, key=lambda choice: choice.is_correct):
            choice.save()
        return None


@admin.register(ExamAttempt)
class ExamAttemptAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "user", "exam", "score_percent", "passed"]
    list_filter = ["passed"]
    list_select_related = ["user", "exam__course"]
    search_fields = ["user__username", "exam__course__name"]
    date_hierarchy = "created_at"


class CertificateAdminForm(forms.ModelForm):
    class Meta:
        model = Certificate
        fields = ["revoked_reason"]
        help_texts = {
            "revoked_reason": _("Write a reason and save to revoke the certificate. It can never be valid again.")
        }


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Certificates are issued by the platform; staff only look them up and revoke them, never delete them."""

    form = CertificateAdminForm
    list_display = ["code", "learner_name", "title", "kind", "issued_at", "is_valid_display"]
    list_filter = ["kind", ("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["code", "learner_name", "title", "user__username", "user__email"]
    date_hierarchy = "issued_at"
    readonly_fields = [
        "code",
        "kind",
        "user",
        "course",
        "path",
        "learner_name",
        "title",
        "title_en",
        "language",
        "teachers",
        "duration_seconds",
        "issued_at",
        "reissued_at",
        "revoked_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.revoked_at is not None:
            return [*self.readonly_fields, "revoked_reason"]
        return self.readonly_fields

    @admin.display(description=_("valid"), boolean=True, ordering="revoked_at")
    def is_valid_display(self, obj):
        return obj.is_valid

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        if obj.revoked_at is None and form.cleaned_data.get("revoked_reason", "").strip():
            services.certificate_revoke(certificate=obj, reason=form.cleaned_data["revoked_reason"])
