from django import forms
from django.utils.translation import gettext_lazy as _

from learning.services import REVIEW_MAX_LENGTH

SCORE_CHOICES = [(score, score) for score in range(1, 6)]


class ReviewField(forms.CharField):
    """Browsers count a line break as one character but send it as two (CRLF); count it as the browser did."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n")


class RatingForm(forms.Form):
    """A learner's stars and optional review; the rules themselves live in ``learning.services.rating_submit``."""

    score = forms.TypedChoiceField(
        label=_("Your rating"),
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
