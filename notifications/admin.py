from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "recipient", "actor", "created_at", "read_at"]
    list_filter = ["kind", "created_at"]
    search_fields = ["title", "recipient__username", "recipient__email"]
    raw_id_fields = ["recipient", "actor"]
    list_select_related = ["recipient", "actor"]
    date_hierarchy = "created_at"
