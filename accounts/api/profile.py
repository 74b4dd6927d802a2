from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, generics, permissions, serializers
from rest_framework.response import Response

from accounts.services import user_profile_update
from api.schema import AUTH_ERRORS, THROTTLED, WRITE_ERRORS
from api.serializers import StrictStringsMixin
from api.views import ApiView


class ProfileSerializer(StrictStringsMixin, serializers.Serializer):
    username = serializers.CharField(read_only=True)
    first_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    last_name = serializers.CharField(max_length=150, allow_blank=True, required=False)
    email = serializers.EmailField(max_length=254, required=False)
    email_notifications = serializers.BooleanField(
        required=False, help_text="E-mail the learner when someone replies in their discussions."
    )


@extend_schema_view(
    get=extend_schema(summary="My profile", responses={200: ProfileSerializer, **AUTH_ERRORS, **THROTTLED}),
    patch=extend_schema(
        summary="Change my profile",
        description="Name, e-mail (unique among accounts) and whether notifications are e-mailed. "
        "Session callers send the CSRF token.",
        request=ProfileSerializer,
        responses={200: ProfileSerializer, **WRITE_ERRORS},
    ),
)
class MyProfileApi(ApiView, generics.GenericAPIView):
    serializer_class = ProfileSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get(self, request):
        return Response(self.get_serializer(request.user).data)

    def patch(self, request):
        user = request.user
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
        values |= data.validated_data
        try:
            user_profile_update(user=user, **values)
        except ValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None
        return Response(self.get_serializer(user).data)
