from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import generics, serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.response import Response

from api.schema import THROTTLED, error, validation_error
from api.throttles import AuthTokenRateThrottle
from api.views import ApiView


class TokenApi(ApiView, generics.GenericAPIView):
    """Trades a username and password for the account's API token."""

    serializer_class = AuthTokenSerializer
    authentication_classes = []
    permission_classes = []
    throttle_classes = [AuthTokenRateThrottle]

    @extend_schema(
        summary="Get an API token",
        description="Send the token back as `Authorization: Token <token>`. Strictly rate-limited per address.",
        request=AuthTokenSerializer,
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
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})
