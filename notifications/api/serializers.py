from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from notifications.models import Notification


class NotificationSerializer(serializers.ModelSerializer):
    actor_name = serializers.SerializerMethodField(help_text="The display name of who did it; null when gone.")
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "actor_name", "thread_id", "title", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    def get_actor_name(self, notification) -> str | None:
        return notification.actor.display_name if notification.actor else None


class MarkReadInputSerializer(serializers.Serializer):
    ids = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=2**31 - 1),
        required=False,
        allow_empty=False,
        max_length=500,
        help_text="The notifications to mark read (others' ids are ignored).",
    )
    all = serializers.BooleanField(required=False, default=False, help_text="Mark every notification read.")

    def validate(self, data):
        if data.get("all") == ("ids" in data):
            raise serializers.ValidationError(
                _("Send either a list of notification ids or “all”: true."), code="ids_or_all"
            )
        return data


class MarkReadResultSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many notifications were unread and are now read.")
    unread = serializers.IntegerField(help_text="How many unread notifications are left.")
