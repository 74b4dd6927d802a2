"""Admin pieces shared by the apps' admins: soft-deleted models and records staff only read."""

from django.contrib import admin, messages
from django.contrib.admin import widgets
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class DeletedListFilter(admin.SimpleListFilter):
    title = _("deleted")
    parameter_name = "deleted"

    def lookups(self, request, model_admin):
        return [("no", _("Live")), ("yes", _("Deleted"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(deleted_at__isnull=False)
        if self.value() == "no":
            return queryset.filter(deleted_at__isnull=True)
        return queryset


class LongLineFieldsMixin:
    """One-line texts that run long (a card's summary, up to 300 characters) get a paragraph's width in the
    form instead of the admin's 20em, so staff read and edit them whole."""

    long_line_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.long_line_fields:
            kwargs["widget"] = widgets.AdminTextInputWidget(attrs={"class": "vTextField admin-long-line"})
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class SoftDeleteAdmin(admin.ModelAdmin):
    """Staff see deleted rows too; deleting hides a row, restoring brings it back."""

    actions = ["soft_delete_selected", "restore_selected"]

    def get_queryset(self, request):
        queryset = self.model.all_objects.get_queryset()
        ordering = self.get_ordering(request)
        return queryset.order_by(*ordering) if ordering else queryset

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def delete_model(self, request, obj):
        obj.soft_delete()

    def get_deleted_objects(self, objs, request):
        """The confirmation page lists only the rows themselves: nothing cascades from a soft delete."""
        objs = list(objs)
        perms_needed = set() if self.has_delete_permission(request) else {self.opts.verbose_name}
        return [str(obj) for obj in objs], {self.opts.verbose_name_plural: len(objs)}, perms_needed, []

    @transaction.atomic
    def delete_queryset(self, request, queryset):
        queryset.soft_delete()

    @admin.display(description=_("live"), boolean=True)
    def is_live(self, obj):
        return obj.deleted_at is None

    @admin.action(description=_("Delete selected (can be restored)"), permissions=["delete"])
    def soft_delete_selected(self, request, queryset):
        count = queryset.filter(deleted_at__isnull=True).count()
        self.delete_queryset(request, queryset.filter(deleted_at__isnull=True))
        self.message_user(
            request,
            ngettext("%(count)d entry deleted.", "%(count)d entries deleted.", count) % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Restore selected"), permissions=["change"])
    def restore_selected(self, request, queryset):
        restored, clashes = 0, []
        for obj in queryset.filter(deleted_at__isnull=False):
            try:
                with transaction.atomic():
                    obj.restore()
                restored += 1
            except IntegrityError:
                clashes.append(str(obj))
        self.message_user(
            request,
            ngettext("%(count)d entry restored.", "%(count)d entries restored.", restored) % {"count": restored},
            messages.SUCCESS,
        )
        if clashes:
            self.message_user(
                request,
                _("Not restored, because a live entry now uses the same slug or email: %(names)s.")
                % {"names": ", ".join(clashes)},
                messages.WARNING,
            )


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records the site writes as learners use it (progress, exam attempts): staff look, never add, change or
    delete."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
