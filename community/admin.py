"""Moderation in the admin: the queue of flagged and hidden posts, hide / restore / dismiss with a reason (each
decision written to the moderation log with who and why), and the log itself."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.helpers import ActionForm
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from community import services
from community.models import Flag, ModerationLog, Reply, Thread
from core.admin import DeletedListFilter, ReadOnlyAdmin


class ModerationActionForm(ActionForm):
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=300, help_text=_("Written to the moderation log.")
    )


class ModerationQueueFilter(admin.SimpleListFilter):
    title = _("moderation")
    parameter_name = "moderation"

    def lookups(self, request, model_admin):
        return [("queue", _("Needs review")), ("hidden", _("Hidden")), ("flagged", _("Has open flags"))]

    def queryset(self, request, queryset):
        if self.value() == "queue":
            return queryset.filter(Q(open_flags__gt=0) | Q(hidden_at__isnull=False))
        if self.value() == "hidden":
            return queryset.filter(hidden_at__isnull=False)
        if self.value() == "flagged":
            return queryset.filter(open_flags__gt=0)
        return queryset


class FlagInline(admin.TabularInline):
    model = Flag
    fields = ["user", "reason", "created_at", "resolved_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class PostAdmin(admin.ModelAdmin):
    """What threads and replies share: every row (deleted too), the moderation actions, no hard delete."""

    action_form = ModerationActionForm
    actions = ["hide_selected", "restore_selected", "dismiss_flags"]
    list_filter = [ModerationQueueFilter, DeletedListFilter]
    list_select_related = ["author"]
    search_fields = ["body", "author__username"]
    readonly_fields = ["author", "body", "rendered", "votes", "open_flags", "hidden_at", "edited_at", "deleted_at"]
    inlines = [FlagInline]
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return self.model.all_objects.get_queryset().select_related("author")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("rendered body"))
    def rendered(self, post):
        return mark_safe(post.body_html)  # sanitized by core.markdown when it was written

    def _moderate(self, request, queryset, action, done):
        reason = request.POST.get("reason", "")
        try:
            for post in queryset:
                services.moderate(moderator=request.user, post=post, action=action, reason=reason)
        except PermissionDenied as refusal:
            self.message_user(request, str(refusal), messages.ERROR)
            return
        self.message_user(request, done(queryset.count()), messages.SUCCESS)

    @admin.action(description=_("Hide the selected posts"))
    def hide_selected(self, request, queryset):
        self._moderate(
            request,
            queryset,
            ModerationLog.Action.HIDE,
            lambda n: ngettext("%(n)d post hidden.", "%(n)d posts hidden.", n) % {"n": n},
        )

    @admin.action(description=_("Restore the selected posts"))
    def restore_selected(self, request, queryset):
        self._moderate(
            request,
            queryset,
            ModerationLog.Action.RESTORE,
            lambda n: ngettext("%(n)d post restored.", "%(n)d posts restored.", n) % {"n": n},
        )

    @admin.action(description=_("Dismiss the flags of the selected posts"))
    def dismiss_flags(self, request, queryset):
        self._moderate(
            request,
            queryset,
            ModerationLog.Action.DISMISS,
            lambda n: ngettext("Flags of %(n)d post dismissed.", "Flags of %(n)d posts dismissed.", n) % {"n": n},
        )

    @admin.display(description=_("hidden"), boolean=True, ordering="hidden_at")
    def is_hidden_now(self, post):
        return post.hidden_at is not None


@admin.register(Thread)
class ThreadAdmin(PostAdmin):
    list_display = ["title", "kind", "author", "lesson", "votes", "replies_count", "open_flags", "is_hidden_now"]
    list_select_related = ["author", "lesson"]
    list_filter = [ModerationQueueFilter, "kind", "pinned", "closed", DeletedListFilter]
    search_fields = ["title", "body", "author__username"]
    fields = ["title", "kind", "lesson", "pinned", "closed", *PostAdmin.readonly_fields]
    readonly_fields = ["title", "kind", "lesson", *PostAdmin.readonly_fields]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("lesson")

    def save_model(self, request, obj, form, change):
        services.thread_update(
            user=request.user, thread=obj, pinned=form.cleaned_data["pinned"], closed=form.cleaned_data["closed"]
        )


@admin.register(Reply)
class ReplyAdmin(PostAdmin):
    list_display = ["__str__", "author", "thread", "votes", "open_flags", "is_hidden_now", "created_at"]
    list_select_related = ["author", "thread"]
    fields = ["thread", *PostAdmin.readonly_fields]
    readonly_fields = ["thread", *PostAdmin.readonly_fields]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("thread")


@admin.register(ModerationLog)
class ModerationLogAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "moderator", "action", "thread", "reply", "reason"]
    list_filter = ["action"]
    list_select_related = ["moderator", "thread", "reply"]
    search_fields = ["reason", "moderator__username"]
