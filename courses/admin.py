from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from core.admin import DeletedListFilter, LongLineFieldsMixin, SoftDeleteAdmin
from courses import services
from courses.models import Caption, Category, Course, Lesson
from teachers.admin import TaughtCoursesAdminMixin
from teachers.models import Teacher
from uploads.widgets import ResumableVideoInput


@admin.register(Category)
class CategoryAdmin(SoftDeleteAdmin):
    list_display = ["name", "slug", "position", "course_count", "is_live"]
    list_editable = ["position"]
    list_filter = [DeletedListFilter]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(course_count=Count("courses", filter=Q(courses__deleted_at__isnull=True)))
        )

    @admin.display(description=_("courses"), ordering="course_count")
    def course_count(self, obj):
        return obj.course_count


SLUG_TAKEN = _("Another lesson of this course already uses this slug.")


class LessonInlineFormSet(forms.BaseInlineFormSet):
    """Checks slugs across the rows of the form and against the course's other live lessons.

    The database rule (unique slug per course among live lessons) is conditional, so Django's own
    formset validation does not check it, and ``course`` is not a field of the inline forms.
    """

    def clean(self):
        super().clean()
        forms_by_slug = {}
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            slug = data.get("slug") if data and not data.get("DELETE") else None
            if not slug:
                continue
            if slug in forms_by_slug:
                form.add_error("slug", SLUG_TAKEN)
            forms_by_slug.setdefault(slug, form)
        if not self.instance.pk or not forms_by_slug:
            return
        in_form = [form.instance.pk for form in self.forms if form.instance.pk]
        taken = Lesson.objects.filter(course=self.instance, slug__in=forms_by_slug).exclude(pk__in=in_form)
        for slug in taken.values_list("slug", flat=True):
            forms_by_slug[slug].add_error("slug", SLUG_TAKEN)


class VideoStateMixin:
    """Read-only columns showing a lesson's video processing state to staff."""

    @admin.display(description=_("video"), ordering="video_status")
    def video_state(self, obj):
        if obj.video_status == Lesson.VideoStatus.FAILED and obj.video_error:
            return format_html("{}: {}", obj.get_video_status_display(), obj.video_error)
        return obj.get_video_status_display()

    @admin.display(description=_("poster"))
    def poster_preview(self, obj):
        if not obj.poster_url:
            return _("No poster yet.")
        return format_html('<img src="{}" alt="" width="240">', obj.poster_url)


class LessonVideoForm(forms.ModelForm):
    """A lesson form whose new video file must hold a video stream (FFmpeg tells, not the file's name)."""

    def clean_video_file(self):
        video = self.cleaned_data.get("video_file")
        if video and "video_file" in self.changed_data:
            services.video_upload_check(video)
        return video


def _previous_original(form):
    """The original video a lesson form replaced, or an empty string."""
    previous = form.initial.get("video_file")
    return getattr(previous, "name", "") or ""


class LessonInline(VideoStateMixin, admin.TabularInline):
    model = Lesson
    form = LessonVideoForm
    formset = LessonInlineFormSet
    fields = ["position", "name", "name_en", "slug", "duration_seconds", "video_url", "video_file", "video_state"]
    readonly_fields = ["video_state"]
    prepopulated_fields = {"slug": ["name"]}
    ordering = ["position", "id"]
    extra = 0
    show_change_link = True


class CourseAdminForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "name",
            "slug",
            "summary",
            "description",
            "name_en",
            "summary_en",
            "description_en",
            "category",
            "level",
            "teachers",
            "thumbnail",
            "status",
            "published_at",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Said outright rather than as the admin's "You are N hours ahead of server time", which depends on
        # where the staff member sits (static/css/admin.css hides it).
        if "published_at" in self.fields:  # read-only, and so not a field, for a teacher account
            self.fields["published_at"].help_text = _(
                "Set automatically when the course is published; a future date schedules it. Times are in %(zone)s "
                "time, the school's."
            ) % {"zone": settings.TIME_ZONE}

    def clean(self):
        cleaned_data = super().clean()
        cleaned_data["published_at"] = services.course_publication_date(
            status=cleaned_data.get("status"), published_at=cleaned_data.get("published_at")
        )
        return cleaned_data


REVIEW_QUEUE = {"status__exact": Course.Status.REVIEW}


@admin.register(Course)
class CourseAdmin(TaughtCoursesAdminMixin, LongLineFieldsMixin, SoftDeleteAdmin):
    """Staff run every course. A teacher account runs the courses it teaches: it edits them and asks for review,
    and staff with ``courses.publish_course`` publish, unpublish and schedule (the review queue lists what
    waits)."""

    course_lookup = ""
    form = CourseAdminForm
    long_line_fields = ["summary", "summary_en"]
    list_display = ["name", "publication", "category", "level", "lesson_count", "rating", "published_on"]
    list_filter = ["status", "category", "level", DeletedListFilter]
    list_select_related = ["category"]
    search_fields = ["name", "name_en", "slug", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["teachers"]
    readonly_fields = [
        "thumbnail_preview",
        "average_rating",
        "total_ratings",
        "ratings_by_score",
        "created_at",
        "updated_at",
    ]
    date_hierarchy = "published_at"
    inlines = [LessonInline]
    actions = [*SoftDeleteAdmin.actions, "publish", "unpublish"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "summary", "description", "category", "level", "teachers"]}),
        (_("In English"), {"fields": ["name_en", "summary_en", "description_en"]}),
        (_("Picture"), {"fields": ["thumbnail", "thumbnail_preview"]}),
        (_("Publication"), {"fields": ["status", "published_at"]}),
        (
            _("Statistics"),
            {"fields": ["average_rating", "total_ratings", "ratings_by_score", "created_at", "updated_at"]},
        ),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(lesson_count=Count("lessons", filter=Q(lessons__deleted_at__isnull=True)))
        )

    def has_publish_permission(self, request):
        return request.user.has_perm("courses.publish_course")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not self.has_publish_permission(request):
            # A teacher moves a draft to "Ready for review" and back; a published course's status is staff's.
            readonly.append("published_at")
            if obj is not None and obj.status == Course.Status.PUBLISHED:
                readonly.append("status")
        if self.narrowed_for(request):
            readonly.append("teachers")  # a teacher's new course is theirs (save_related)
        return readonly

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status" and not self.has_publish_permission(request):
            kwargs["choices"] = [(status.value, status.label) for status in (Course.Status.DRAFT, Course.Status.REVIEW)]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    def get_ordering(self, request):
        if request.GET.get("status__exact") == Course.Status.REVIEW:
            return ["updated_at", "id"]  # the review queue: who has waited longest first
        return super().get_ordering(request)

    def changelist_view(self, request, extra_context=None):
        waiting = self.narrow(request, Course.objects.filter(status=Course.Status.REVIEW)).count()
        extra_context = {
            **(extra_context or {}),
            "review_queue_count": waiting,
            "review_queue_query": "?" + "&".join(f"{key}={value}" for key, value in REVIEW_QUEUE.items()),
        }
        return super().changelist_view(request, extra_context)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change and self.narrowed_for(request):
            form.instance.teachers.add(*Teacher.objects.filter(user=request.user))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Lesson:
            return super().save_formset(request, form, formset, change)
        lessons = formset.save(commit=False)
        for lesson in formset.deleted_objects:
            lesson.soft_delete()
        for lesson in lessons:
            lesson.save()
        formset.save_m2m()
        for lesson_form in formset.forms:
            if "video_file" in lesson_form.changed_data and lesson_form.instance.pk:
                services.lesson_video_changed(
                    lesson=lesson_form.instance, previous_name=_previous_original(lesson_form)
                )

    @admin.display(description=_("lessons"), ordering="lesson_count")
    def lesson_count(self, obj):
        return obj.lesson_count

    @admin.display(description=_("rating"), ordering="-average_rating")
    def rating(self, obj):
        if not obj.total_ratings:
            return "—"
        return format_html("{} ★ <small>({})</small>", obj.average_rating, obj.total_ratings)

    @admin.display(description=_("ratings by score"))
    def ratings_by_score(self, obj):
        return " · ".join(f"{score} ★ {count}" for score, count in reversed(obj.rating_distribution.items()))

    @admin.display(description=_("publication"), ordering="status")
    def publication(self, obj):
        """Where the course stands for learners: deleted, draft, scheduled or published (the "live" tick of
        other lists means only "not deleted", which a draft also is)."""
        if obj.deleted_at is not None:
            state, label = "deleted", pgettext_lazy("course state", "Deleted")
        elif obj.status == Course.Status.DRAFT:
            state, label = "draft", _("Draft")
        elif obj.published_at and obj.published_at > timezone.now():
            state, label = "scheduled", _("Scheduled")
        else:
            state, label = "published", _("Published")
        return format_html('<span class="admin-state admin-state--{}">{}</span>', state, label)

    @admin.display(description=_("published"), ordering="published_at")
    def published_on(self, obj):
        return date_format(timezone.localtime(obj.published_at), "SHORT_DATE_FORMAT") if obj.published_at else "—"

    @admin.display(description=_("preview"))
    def thumbnail_preview(self, obj):
        if not obj.thumbnail:
            return _("No picture yet.")
        return format_html('<img src="{}" alt="" width="320">', obj.thumbnail.url)

    @admin.action(description=_("Publish selected courses"), permissions=["publish"])
    def publish(self, request, queryset):
        count = services.courses_publish(courses=queryset)
        self.message_user(
            request,
            ngettext("%(count)d course published.", "%(count)d courses published.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected courses"), permissions=["publish"])
    def unpublish(self, request, queryset):
        count = services.courses_unpublish(courses=queryset)
        self.message_user(
            request,
            ngettext("%(count)d course unpublished.", "%(count)d courses unpublished.", count) % {"count": count},
            messages.SUCCESS,
        )


class CaptionInlineForm(forms.ModelForm):
    class Meta:
        model = Caption
        fields = ["language", "file"]

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            services.caption_cues_parse(data=upload.read())
            upload.seek(0)
        return upload


class CaptionInline(admin.TabularInline):
    model = Caption
    form = CaptionInlineForm
    fields = ["language", "file"]
    extra = 0
    max_num = len(Caption.Language.choices)
    verbose_name_plural = _("captions (WebVTT)")


@admin.register(Lesson)
class LessonAdmin(TaughtCoursesAdminMixin, VideoStateMixin, SoftDeleteAdmin):
    form = LessonVideoForm
    list_display = ["name", "course", "position", "duration_seconds", "video_status", "is_live"]
    list_filter = ["video_status", DeletedListFilter, "course__category"]
    list_select_related = ["course"]
    search_fields = ["name", "slug", "course__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["course"]
    ordering = ["course__name", "position"]
    inlines = [CaptionInline]
    actions = [*SoftDeleteAdmin.actions, "process_again"]
    readonly_fields = ["video_state", "poster_preview", "hls_link"]
    fieldsets = [
        (None, {"fields": ["course", "name", "slug", "description", "position"]}),
        (
            _("Video"),
            {
                "fields": ["video_file", "video_url", "duration_seconds", "video_state", "poster_preview", "hls_link"],
                "description": _(
                    "Upload the lesson's video: it is processed in the background into a stream in several "
                    "qualities, and its duration and poster are filled in. Or give a YouTube or Vimeo link."
                ),
            },
        ),
    ]

    @admin.display(description=_("stream"))
    def hls_link(self, obj):
        if not obj.hls_url:
            return "—"
        return format_html('<a href="{}">{}</a>', obj.hls_url, _("HLS master playlist"))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "video_file" in form.base_fields:  # large files go through the resumable upload API
            form.base_fields["video_file"].widget = ResumableVideoInput(lesson_id=obj.pk if obj else None)
        return form

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)  # Lesson.save never writes the video job's fields
        if "video_file" in form.changed_data:
            services.lesson_video_changed(lesson=obj, previous_name=_previous_original(form))

    def save_formset(self, request, form, formset, change):
        if formset.model is not Caption:
            return super().save_formset(request, form, formset, change)
        # The admin's change message reads these three lists.
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for deleted in formset.deleted_forms:
            if deleted.instance.pk:
                formset.deleted_objects.append(deleted.instance)
                services.caption_delete(caption=deleted.instance)
        for caption_form in formset.forms:
            data = caption_form.cleaned_data
            if not data or data.get("DELETE") or not caption_form.has_changed() or not data.get("file"):
                continue
            existed = bool(caption_form.instance.pk)
            if existed and "language" in caption_form.changed_data:
                services.caption_delete(caption=caption_form.instance)
            data["file"].seek(0)
            caption = services.caption_save(lesson=form.instance, language=data["language"], file=data["file"])
            if existed:
                formset.changed_objects.append((caption, caption_form.changed_data))
            else:
                formset.new_objects.append(caption)

    @admin.action(description=_("Process the selected lessons' videos again"), permissions=["change"])
    def process_again(self, request, queryset):
        count = services.lesson_videos_reprocess(lessons=queryset)
        self.message_user(
            request,
            ngettext("%(count)d video queued for processing.", "%(count)d videos queued for processing.", count)
            % {"count": count},
            messages.SUCCESS,
        )
