from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import SiteVoiceForm
from notebook.models import NOTE_MAX_LENGTH


class NoteForm(SiteVoiceForm):
    second = forms.IntegerField(
        label=_("At second"),
        min_value=0,
        max_value=2**31 - 1,
        help_text=_("While the video plays, this follows it."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "data-note-second": ""}),
    )
    body = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("What do you want to remember from this moment?"), "data-note-body": ""}
        ),
    )
