from django import forms
from django.utils.translation import gettext_lazy as _

from core import learner_pages
from core.forms import SiteVoiceForm
from learning.services import REVIEW_MAX_LENGTH

SCORE_CHOICES = [(score, score) for score in range(1, 6)]


class ReviewField(forms.CharField):
    """Browsers count a line break as one character but send it as two (CRLF); count it as the browser did."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class RatingForm(SiteVoiceForm):
    """A learner's stars and optional review; the rules themselves live in ``learning.services.rating_submit``."""

    score = forms.TypedChoiceField(
        label=_("Stars"),
        choices=SCORE_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose from 1 to 5 stars."),
            "invalid_choice": _("Choose from 1 to 5 stars."),
        },
    )
    review = ReviewField(
        label=_("Your review (optional)"),
        required=False,
        max_length=REVIEW_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Up to 2,000 characters. Tell other learners what this course gave you."),
    )


def _pending_key(course_id):
    return f"rating-form:{course_id}"


def rating_form_remember(request, *, course, form):
    """Keep a refused form (what the learner typed and its non-field errors) for the page it redirects to. The
    form is the learner's own part of that page, shown once: keeping it and showing it both end the learner's
    cached parts (``core.learner_pages``)."""
    request.session[_pending_key(course.pk)] = {
        "data": {"score": form.data.get("score", ""), "review": form.data.get("review", "")},
        "errors": [str(error) for error in form.non_field_errors()],
    }
    learner_pages.learner_changed(request.user.pk)


def rating_form_for(request, *, course_id, my_rating):
    """The course page's rating form: a refused one kept from the last post (with its errors), else a fresh one
    with the learner's current rating."""
    pending = request.session.pop(_pending_key(course_id), None) if hasattr(request, "session") else None
    if pending:
        learner_pages.learner_changed(request.user.pk)
        form = RatingForm(pending["data"])
        form.is_valid()
        for error in pending["errors"]:
            form.add_error(None, error)
        return form
    initial = {"score": my_rating.score, "review": my_rating.review} if my_rating else {}
    return RatingForm(initial=initial)


class ExamForm(SiteVoiceForm):
    """One radio group per question drawn for the attempt, in the drawn order, with its choices in theirs; the
    choices carry no hint of which one is right. Every question needs an answer: a blank one is marked and
    nothing is submitted, so no attempt is used."""

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        for number, question in enumerate(questions, start=1):
            field = forms.TypedChoiceField(
                label=question.text,
                choices=[(choice.id, choice.text) for choice in question.choice_list],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={
                    "required": _("Answer this question."),
                    "invalid_choice": _("Choose one of the answers of this question."),
                },
            )
            field.number = number
            self.fields[f"question_{question.id}"] = field

    def unanswered_count(self):
        return sum(1 for name in self.errors if name.startswith("question_"))

    def answers(self):
        """``{question id: choice id}``, once the form is valid: every question answered."""
        return {int(name.removeprefix("question_")): value for name, value in self.cleaned_data.items()}


class CertificateNameForm(SiteVoiceForm):
    """The name the learner wants on their certificate; saved on their profile too."""

    first_name = forms.CharField(
        label=_("First name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
