"""The account forms in the site's own voice (informal "tú" in Spanish), without Django's formal defaults and
without colons after the labels."""

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from accounts.selectors import email_in_use
from core.forms import SiteVoiceForm

NEW_PASSWORD_HELP = _("At least 8 characters. Avoid only numbers, common passwords and anything close to your name.")
PASSWORDS_DIFFER = _("The two passwords are different. Type the same one twice.")


def _new_password_fields(form, first, second):
    form.fields[first].label = _("New password")
    form.fields[first].help_text = NEW_PASSWORD_HELP
    form.fields[second].label = _("Repeat the new password")
    form.fields[second].help_text = ""
    form.error_messages = {**form.error_messages, "password_mismatch": PASSWORDS_DIFFER}


class LoginForm(SiteVoiceForm, auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _("That username and password don't match. Check both; capital letters count."),
        "inactive": _("This account is switched off. Write to us if you think it's a mistake."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["password"].label = _("Password")


class SignUpForm(SiteVoiceForm, auth_forms.UserCreationForm):
    """A new learner: full name (as certificates print it), username, email and a password checked by Django's
    password validators."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        help_text=_("Your certificates carry your full name as you write it here."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("We only use it to let you reset your password."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta(auth_forms.UserCreationForm.Meta):
        model = get_user_model()
        fields = ("first_name", "last_name", "username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Username")
        self.fields["username"].help_text = _("How others see you. Letters, numbers and @ . + - _ only.")
        _new_password_fields(self, "password1", "password2")
        self.fields["password1"].label = _("Password")
        self.fields["password2"].label = _("Repeat the password")

    def clean_first_name(self):
        return self.cleaned_data["first_name"].strip()

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean_email(self):
        email = get_user_model().objects.normalize_email(self.cleaned_data["email"])
        if email_in_use(email):
            raise forms.ValidationError(_("An account with this email already exists."), code="duplicate_email")
        return email


class PasswordChangeForm(SiteVoiceForm, auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Current password")
        _new_password_fields(self, "new_password1", "new_password2")
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("That isn't your current password. Try again."),
        }


class SetPasswordForm(SiteVoiceForm, auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _new_password_fields(self, "new_password1", "new_password2")


class PasswordResetForm(SiteVoiceForm, auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Email")


class ProfileForm(SiteVoiceForm):
    """The learner's name as certificates print it, the e-mail for password resets and notification mails."""

    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        help_text=_("Certificates carry your full name as it is when they are issued; without it, your username."),
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(label=_("Email"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    email_notifications = forms.BooleanField(
        label=_("E-mail me when someone replies in my discussions"),
        required=False,
        help_text=_("At most one e-mail an hour per discussion. You always see them under the bell."),
    )
