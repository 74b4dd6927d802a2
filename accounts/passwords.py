from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token


class ApiTokenEndsWithPassword:
    """Listed in AUTH_PASSWORD_VALIDATORS for its hook: Django calls ``password_changed`` after every password
    change or reset (forms, admin, ``changepassword``), and a token issued under the old password must not outlive
    it. Validates nothing; its help text tells the learner what happens."""

    def validate(self, password, user=None):
        return None

    def password_changed(self, password, user=None):
        if user is not None and user.pk is not None:
            Token.objects.filter(user=user).delete()

    def get_help_text(self):
        return _("Setting a new password signs out the apps that use your API token.")
