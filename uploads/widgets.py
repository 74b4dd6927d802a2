"""The admin's lesson video field: the file goes through the resumable upload API, not the form's POST."""

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "preparing": _("Preparing the upload…"),
    "progress": _("Uploading: %(percent)s%% (%(sent)s of %(total)s MB)"),
    "retrying": _("Connection lost. Retrying in %(seconds)s s; the upload resumes where it stopped."),
    "finishing": _("Finishing the upload…"),
    "done": _("Uploaded. The video is being processed; reload the page to see its state."),
    "failed": _("The upload failed: %(reason)s"),
    "unload": _("The video is still uploading. If you leave, choose the same file again to resume."),
}


class ResumableVideoInput(forms.ClearableFileInput):
    """A file input that, once its lesson exists, sends the chosen file in resumable chunks (or S3 parts) and
    leaves the form's own POST without it. A lesson not saved yet falls back to the form's upload."""

    template_name = "uploads/resumable_video_input.html"

    class Media:
        js = ["uploads/resumable-upload.js"]
        css = {"all": ["uploads/resumable-upload.css"]}

    def __init__(self, *args, lesson_id=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.lesson_id = lesson_id

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["lesson_id"] = self.lesson_id
        context["widget"]["uploads_url"] = reverse("api:upload-list")
        context["widget"]["messages"] = {key: str(text) for key, text in MESSAGES.items()}
        return context
