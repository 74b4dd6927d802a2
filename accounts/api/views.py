from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, permissions, serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response

from api.authentication import token_is_expired
from api.schema import AUTH_ERRORS, THROTTLED, error, validation_error
from api.serializers import StrictStringsMixin
from api.throttles import AuthTokenRateThrottle
from api.views import ApiView


class TokenRequestSerializer(StrictStringsMixin, AuthTokenSerializer):
    class Meta:
        ref_name = "AuthToken"  # the schema's name for it, as before


class TokenApi(ApiView, generics.GenericAPIView):
    """Trades a username and password for the account's API token, and revokes it."""

    serializer_class = TokenRequestSerializer

    def get_authenticators(self):
        # Only revoking needs credentials; a stale token sent while asking for a new one must not get a 401.
        return super().get_authenticators() if getattr(self.request, "method", None) == "DELETE" else []

    def get_permissions(self):
        return [permissions.IsAuthenticated() if self.request.method == "DELETE" else permissions.AllowAny()]

    def get_throttles(self):
        return [AuthTokenRateThrottle()] if self.request.method == "POST" else super().get_throttles()

    @extend_schema(
        summary="Get an API token",
        description=(
            "Send the token back as `Authorization: Token <token>`. It ends after `API_TOKEN_TTL` (30 days by "
            "default), when the password changes, or when revoked; then ask for a new one. Strictly rate-limited "
            "per address, and failed log-ins are limited per account and per address (429 with `Retry-After`)."
        ),
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("Token", fields={"token": serializers.CharField()}),
            400: validation_error("Wrong username or password."),
            413: error("Body too large."),
            **THROTTLED,
        },
    )
    def post(self, request):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        token, _created = Token.objects.get_or_create(user=user)
        if token_is_expired(token):
            token.delete()
            token = Token.objects.create(user=user)
        return Response({"token": token.key})

    @extend_schema(
        summary="Revoke my API token",
        description="The token stops working at once; `POST` issues a new one.",
        request=None,
        responses={204: OpenApiResponse(description="Revoked."), **AUTH_ERRORS, **THROTTLED},
    )
    def delete(self, request):
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
