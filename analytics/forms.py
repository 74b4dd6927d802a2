from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from analytics.selectors import Period

PERIODS = [("7", _("Last 7 days")), ("30", _("Last 30 days")), ("90", _("Last 90 days"))]
DEFAULT_DAYS = 30
MAX_RANGE_DAYS = 366


class PeriodForm(forms.Form):
    """The period a dashboard shows: the last 7, 30 or 90 days, or a range of dates."""

    days = forms.ChoiceField(label=_("Period"), choices=PERIODS, required=False)
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )
    end = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}), input_formats=["%Y-%m-%d"]
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if self.errors:
            return data
        if bool(start) != bool(end):
            raise forms.ValidationError(_("Give both dates of the range, or neither."), code="half_range")
        if start and end:
            if start > end:
                raise forms.ValidationError(_("The range starts after it ends."), code="reversed_range")
            if (end - start).days + 1 > MAX_RANGE_DAYS:
                raise forms.ValidationError(
                    _("A range can be at most %(days)d days long.") % {"days": MAX_RANGE_DAYS}, code="long_range"
                )
        return data

    def period(self):
        """The chosen period, or the last 30 days when the form is empty or invalid."""
        today = timezone.localdate()
        if self.is_bound and self.is_valid():
            if self.cleaned_data.get("start"):
                return Period(first=self.cleaned_data["start"], last=self.cleaned_data["end"])
            if self.cleaned_data.get("days"):
                return Period.last_days(int(self.cleaned_data["days"]), today=today)
        return Period(first=today - timedelta(days=DEFAULT_DAYS - 1), last=today)
