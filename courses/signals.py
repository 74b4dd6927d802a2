"""What happens in the catalog, announced for whoever keeps figures about it (analytics), so courses imports none
of them."""

from django.dispatch import Signal

# text (the cleaned search), found (whether anything matched); who searched is not sent
catalog_searched = Signal()
# lesson_id, outcome ("ready" or "failed"), seconds (how long the run took)
lesson_video_processed = Signal()
