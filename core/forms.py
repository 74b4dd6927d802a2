from django import forms


class SiteVoiceForm(forms.Form):
    """No colon after labels: the site's labels sit above their fields."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
