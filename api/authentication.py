"""Token authentication whose tokens end: ``API_TOKEN_TTL`` after they were issued."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions


def token_is_expired(token):
    return token.created <= timezone.now() - timedelta(seconds=settings.API_TOKEN_TTL)


class ExpiringTokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if token_is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("Token expired; get a new one from /api/v1/auth/token/."))
        return user, token
