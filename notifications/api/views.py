from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics, permissions
from rest_framework.response import Response

from api.schema import AUTH_ERRORS, THROTTLED, WRITE_ERRORS
from api.views import ApiView
from notifications import selectors, services
from notifications.api import serializers


@extend_schema_view(
    get=extend_schema(
        summary="My notifications",
        description="Replies and accepted answers in the caller's discussions, newest first.",
        responses={200: serializers.NotificationSerializer, **AUTH_ERRORS, **THROTTLED},
    )
)
class MyNotificationListApi(ApiView, generics.ListAPIView):
    serializer_class = serializers.NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return selectors.notification_list(user=self.request.user)


@extend_schema_view(
    post=extend_schema(
        summary="Mark my notifications read",
        description=(
            '`{"ids": [1, 2]}` marks those (others\' ids are ignored), `{"all": true}` all of them. '
            "Session callers send the CSRF token."
        ),
        request=serializers.MarkReadInputSerializer,
        responses={200: serializers.MarkReadResultSerializer, **WRITE_ERRORS},
    )
)
class MyNotificationsReadApi(ApiView, generics.GenericAPIView):
    serializer_class = serializers.MarkReadResultSerializer
    permission_classes = [permissions.IsAuthenticated]

    def post(self, request):
        data = serializers.MarkReadInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        marked = services.notifications_mark_read(user=request.user, ids=data.validated_data.get("ids"))
        unread = selectors.unread_count(user=request.user)
        return Response(self.get_serializer({"marked": marked, "unread": unread}).data)
