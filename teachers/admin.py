from django.contrib import admin, messages
from django.db.models import Count, Q
from django.http import Http404
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import DeletedListFilter, SoftDeleteAdmin
from teachers import services
from teachers.models import Teacher


def taught_by(user, prefix=""):
    """Lookups for the live courses ``user`` teaches, on the course reached by ``prefix`` ("" is the course)."""
    prefix = f"{prefix}__" if prefix else ""
    return {f"{prefix}teachers__user": user, f"{prefix}deleted_at__isnull": True}


class TaughtCoursesAdminMixin:
    """A teacher account (not a staff member) sees the rows of the courses it teaches and nothing else: lists,
    search and autocomplete leave the others out, and opening one by URL answers 404.

    ``course_lookup`` leads from the model to its course ("" for the course itself); the first step of it is the
    foreign key whose choices are narrowed the same way.
    """

    course_lookup = "course"

    @staticmethod
    def narrowed_for(request):
        return not request.user.is_staff_member

    def get_queryset(self, request):
        return self.narrow(request, super().get_queryset(request))

    def narrow(self, request, queryset):
        """``queryset`` (of this admin's model) as the caller may see it."""
        if not self.narrowed_for(request):
            return queryset
        if any(field.name == "deleted_at" for field in self.model._meta.get_fields()):
            queryset = queryset.filter(deleted_at__isnull=True)
        return queryset.filter(**taught_by(request.user, self.course_lookup))

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and self.narrowed_for(request):
            raise Http404
        return obj

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if self.narrowed_for(request):
            return [entry for entry in filters if entry is not DeletedListFilter]  # they never see deleted rows
        return filters

    def get_actions(self, request):
        actions = super().get_actions(request)
        if self.narrowed_for(request):
            actions.pop("restore_selected", None)  # deleted rows are staff's to bring back
        return actions

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        first, _sep, rest = self.course_lookup.partition("__")
        if self.course_lookup and db_field.name == first and self.narrowed_for(request):
            related = db_field.remote_field.model
            kwargs["queryset"] = related._default_manager.filter(**taught_by(request.user, rest))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Teacher)
class TeacherAdmin(SoftDeleteAdmin):
    list_display = ["name", "email", "headline", "course_count", "account", "is_live"]
    list_filter = [DeletedListFilter, ("user", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "email", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["avatar_preview"]
    raw_id_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "email", "headline", "bio", "avatar", "avatar_preview", "user"]}),
        (_("In English"), {"fields": ["headline_en", "bio_en"]}),
    ]

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .annotate(course_count=Count("courses", filter=Q(courses__deleted_at__isnull=True)))
        )
        if request.user.is_staff_member:
            return queryset
        return queryset.filter(user=request.user, deleted_at__isnull=True)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None and not request.user.is_staff_member:
            raise Http404
        return obj

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_staff_member:
            return fieldsets
        # A teacher edits their public profile; which account signs in as them is staff's call.
        return [
            (name, {**options, "fields": [field for field in options["fields"] if field != "user"]})
            for name, options in fieldsets
        ]

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_staff_member else {}

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_staff_member:
            return self.readonly_fields
        return [*self.readonly_fields, "slug"]

    def save_model(self, request, obj, form, change):
        linking = "user" in form.changed_data
        if linking:  # the service makes the change, with the staff flag and the group
            user, obj.user_id = obj.user, Teacher.all_objects.get(pk=obj.pk).user_id if change else None
        super().save_model(request, obj, form, change)
        if linking:
            services.teacher_account_link(teacher=obj, user=user)
            message = (
                _("%(user)s now signs in as this teacher.") % {"user": user}
                if user
                else _("This teacher no longer has an account.")
            )
            self.message_user(request, message, messages.SUCCESS)

    @admin.display(description=_("courses"), ordering="course_count")
    def course_count(self, obj):
        return obj.course_count

    @admin.display(description=_("account"), ordering="user__username")
    def account(self, obj):
        return obj.user.username if obj.user else "—"

    @admin.display(description=_("preview"))
    def avatar_preview(self, obj):
        if not obj.avatar:
            return _("No picture yet.")
        return format_html('<img src="{}" alt="" width="160">', obj.avatar.url)
