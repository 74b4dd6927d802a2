from django import forms
from django.utils.translation import gettext_lazy as _

from community.models import Thread
from community.services import BODY_MAX, TITLE_MAX
from core.forms import SiteVoiceForm

BODY_HELP = _("Markdown: **bold**, `code`, ```fenced code```, lists and links.")


class ThreadForm(SiteVoiceForm):
    """Asking under a lesson. Its ids are its own (``id_thread_body``): the lesson page has other forms, such as
    the notes beside the transcript, with a ``body`` field too."""

    kind = forms.ChoiceField(
        label=_("Kind"), choices=Thread.Kind.choices, initial=Thread.Kind.QUESTION, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Details"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 5}), help_text=BODY_HELP
    )
    video_second = forms.IntegerField(
        label=_("Second of the video (optional)"),
        min_value=0,
        max_value=10**6,
        required=False,
        help_text=_("Readers jump to this moment of the video."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_thread_%s")
        super().__init__(*args, **kwargs)


class ThreadEditForm(SiteVoiceForm):
    title = forms.CharField(label=_("Title"), max_length=TITLE_MAX)
    body = forms.CharField(
        label=_("Details"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 8}), help_text=BODY_HELP
    )


class ReplyForm(SiteVoiceForm):
    body = forms.CharField(
        label=_("Your reply"), max_length=BODY_MAX, widget=forms.Textarea(attrs={"rows": 4}), help_text=BODY_HELP
    )


class FlagForm(SiteVoiceForm):
    reason = forms.CharField(label=_("Why? (optional)"), max_length=300, required=False)


class DiscussionFilterForm(forms.Form):
    """The lesson page's query string for its discussion; anything unknown falls back to the defaults."""

    sort = forms.ChoiceField(
        label=_("Sort"), choices=[("votes", _("Most voted")), ("newest", _("Newest"))], required=False
    )
    kind = forms.ChoiceField(label=_("Show"), choices=[("", _("Everything")), *Thread.Kind.choices], required=False)
    unanswered = forms.BooleanField(label=_("Unanswered questions only"), required=False)
    q = forms.CharField(label=_("Search this course's discussions"), max_length=200, required=False)

    def values(self):
        if not self.is_valid():
            return {"sort": "votes", "kind": "", "unanswered": False, "q": ""}
        data = self.cleaned_data
        return {
            "sort": data["sort"] or "votes",
            "kind": data["kind"],
            "unanswered": data["unanswered"],
            "q": data["q"].strip(),
        }
