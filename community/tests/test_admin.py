import pytest
from django.urls import reverse

from community import services
from community.models import ModerationLog, Thread
from community.tests.factories import ReplyFactory, ThreadFactory, VeteranFactory

pytestmark = pytest.mark.django_db


def _flag_three_times(post):
    for _ in range(3):
        services.flag_create(user=VeteranFactory(), post=post, reason="spam")


def test_the_moderation_queue_lists_flagged_posts_only(client, staff_user):
    flagged, quiet = ThreadFactory(title="Compra seguidores"), ThreadFactory(title="Duda normal")
    _flag_three_times(flagged)
    client.force_login(staff_user)

    page = client.get(reverse("admin:community_thread_changelist"), {"moderation": "queue"}).content.decode()

    assert flagged.title in page and quiet.title not in page


def test_hiding_from_the_admin_logs_who_and_why(client, staff_user):
    thread = ThreadFactory()
    client.force_login(staff_user)

    client.post(
        reverse("admin:community_thread_changelist"),
        {"action": "hide_selected", "_selected_action": [thread.pk], "reason": "Publicidad"},
    )

    thread = Thread.all_objects.get(pk=thread.pk)
    [entry] = ModerationLog.objects.all()
    assert thread.hidden_at is not None
    assert (entry.moderator, entry.action, entry.reason) == (staff_user, "hide", "Publicidad")


def test_dismissing_flags_brings_a_reply_back(client, staff_user):
    reply = ReplyFactory()
    _flag_three_times(reply)
    client.force_login(staff_user)

    client.post(
        reverse("admin:community_reply_changelist"),
        {"action": "dismiss_flags", "_selected_action": [reply.pk], "reason": "No es spam"},
    )

    reply.refresh_from_db()
    assert reply.hidden_at is None and reply.open_flags == 0
    assert reply.flags.filter(resolved_at__isnull=True).count() == 0


def test_a_hidden_thread_is_gone_for_learners_and_shown_to_staff(client, staff_user):
    thread = ThreadFactory()
    _flag_three_times(thread)

    assert client.get(thread.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    assert client.get(thread.get_absolute_url()).status_code == 200


def test_the_thread_change_page_opens(client, staff_user):
    thread = ThreadFactory()
    client.force_login(staff_user)

    assert client.get(reverse("admin:community_thread_change", args=[thread.pk])).status_code == 200
