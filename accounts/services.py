"""Account writes with their rules, shared by the pages and any other caller."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _


@transaction.atomic
def user_profile_update(*, user, first_name, last_name, email):
    """Save the learner's name (printed on certificates issued from now on) and e-mail, unique among accounts."""
    email = get_user_model().objects.normalize_email(email.strip())
    if get_user_model().objects.filter(email__iexact=email).exclude(pk=user.pk).exists():
        raise ValidationError({"email": _("An account with this email already exists.")}, code="duplicate_email")
    user.first_name, user.last_name, user.email = first_name.strip(), last_name.strip(), email
    user.save(update_fields=["first_name", "last_name", "email"])
    return user
