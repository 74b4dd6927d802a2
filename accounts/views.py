from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.generic import FormView

from accounts.forms import LoginForm, ProfileForm, SignUpForm
from accounts.services import user_profile_update
from core.clients import client_identity
from core.ratelimit import limit, reserve_all


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # A signed-in learner sent back to the log-in page itself would loop; Django raises on that.
        url = super().get_redirect_url()
        return "" if url and url.split("?", 1)[0] == self.request.path else url


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset, with at most a few emails per client address (then 429) and per account per hour.

    Past the account's limit the page answers exactly as when an email is sent, so it tells nobody whether
    the address has an account, and the owner's inbox is not flooded.
    """

    def form_valid(self, form):
        reserve_all([(limit("password_reset_per_address"), client_identity(self.request))])
        account_limit, email = limit("password_reset_per_account"), form.cleaned_data["email"].casefold()
        sent, _seconds_left = account_limit.hit(email)
        if sent > account_limit.count:
            return HttpResponseRedirect(self.get_success_url())
        return super().form_valid(form)


WELCOME = "welcome"
WELCOME_BACK = "welcome-back"


class SignUpView(auth_views.RedirectURLMixin, FormView):
    """Creates the learner's account, signs them in and sends them back where they came from.

    Django's RedirectURLMixin keeps a ``next`` on another host from being followed, as on log-in.
    """

    form_class = SignUpForm
    template_name = "registration/signup.html"
    next_page = "home"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            return redirect(self.get_success_url())
        return super().dispatch(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        # Every attempt counts, so the form cannot be used to test many usernames or emails either.
        reserve_all([(limit("signup_per_address"), client_identity(request))])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        user = form.save()
        login(self.request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        # A welcome on the page they land on: back where they were (a course) or, from the start, the catalog.
        place = WELCOME_BACK if self.get_redirect_url() else WELCOME
        messages.success(
            self.request, gettext("Welcome to Platziflix, %(name)s!") % {"name": user.first_name}, extra_tags=place
        )
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, next=self.get_redirect_url())


class ProfileView(LoginRequiredMixin, auth_views.RedirectURLMixin, FormView):
    """/me/profile/: the learner's full name and e-mail; sends them back to ``next`` (on this site) when saved."""

    form_class = ProfileForm
    template_name = "accounts/profile.html"
    next_page = "my_learning"

    def get_initial(self):
        user = self.request.user
        return {
            "first_name": user.first_name,
            "last_name": user.last_name,
            "email": user.email,
            "email_notifications": user.email_notifications,
        }

    def form_valid(self, form):
        try:
            user_profile_update(user=self.request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(self.request, gettext("Your profile was saved."))
        return redirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, next=self.get_redirect_url())
