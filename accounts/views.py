from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth import views as auth_views
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext
from django.views.generic import FormView

from accounts.forms import LoginForm, ProfileForm, SignUpForm
from accounts.services import user_profile_update


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_redirect_url(self):
        # A signed-in learner sent back to the log-in page itself would loop; Django raises on that.
        url = super().get_redirect_url()
        return "" if url and url.split("?", 1)[0] == self.request.path else url


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

    def form_valid(self, form):
        user = form.save()
        login(self.request, user, backend="django.contrib.auth.backends.ModelBackend")
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
        return {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}

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
