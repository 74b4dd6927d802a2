from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.models import ApiKey, User
from accounts.services import api_key_generate, api_keys_revoke
from learning.services import users_delete


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    def delete_model(self, request, obj):
        users_delete(users=User.objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset):
        users_delete(users=queryset)


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    """Keys for trusted server clients. The key is shown once, on the page after "Save"; only its digest stays."""

    list_display = ["name", "prefix", "requests_per_minute", "created_at", "is_active"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "prefix"]
    readonly_fields = ["prefix", "created_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["name", "requests_per_minute"]
        return ["name", "prefix", "requests_per_minute", "created_at", "revoked_at"]

    @admin.display(boolean=True, description=_("active"))
    def is_active(self, obj):
        return obj.is_active

    def save_model(self, request, obj, form, change):
        if not change:
            request.new_api_key, obj.prefix, obj.key_hash = api_key_generate()
        super().save_model(request, obj, form, change)

    def response_add(self, request, obj, post_url_continue=None):
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "api_key": obj,
            "raw_key": request.new_api_key,
            "title": _("API key created"),
        }
        return TemplateResponse(request, "admin/accounts/apikey/created.html", context)

    @admin.action(description=_("Revoke the selected API keys"), permissions=["change"])
    def revoke(self, request, queryset):
        revoked = api_keys_revoke(api_keys=queryset)
        message = ngettext("%(count)d API key revoked.", "%(count)d API keys revoked.", revoked) % {"count": revoked}
        self.message_user(request, message, messages.SUCCESS)
