from django.utils.translation import gettext as _
from rest_framework import serializers

from community.models import Thread
from community.services import BODY_MAX, TITLE_MAX


class AuthorSerializer(serializers.Serializer):
    username = serializers.CharField()
    display_name = serializers.CharField()


def _deleted(post):
    return post.deleted_at is not None


class PostFieldsMixin(serializers.Serializer):
    body = serializers.SerializerMethodField(help_text="The Markdown source; empty once deleted.")
    body_html = serializers.SerializerMethodField(help_text="The body rendered to sanitized HTML.")
    author = AuthorSerializer()
    votes = serializers.IntegerField()
    my_vote = serializers.SerializerMethodField(help_text="Whether the caller voted for this post.")
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    url = serializers.SerializerMethodField()

    def get_body(self, post) -> str:
        return "" if _deleted(post) else post.body

    def get_body_html(self, post) -> str:
        return "" if _deleted(post) else post.body_html

    def get_my_vote(self, post) -> bool:
        return getattr(post, "my_vote", False)

    def get_url(self, post) -> str:
        return self.context["request"].build_absolute_uri(post.get_absolute_url())


class ThreadSerializer(PostFieldsMixin):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Thread.Kind.choices)
    title = serializers.SerializerMethodField()
    replies_count = serializers.IntegerField()
    answered = serializers.BooleanField()
    pinned = serializers.BooleanField()
    closed = serializers.BooleanField()
    video_second = serializers.IntegerField(allow_null=True)

    def get_title(self, thread) -> str:
        return _("[deleted]") if _deleted(thread) else thread.title


class ReplySerializer(PostFieldsMixin):
    id = serializers.IntegerField()
    accepted = serializers.SerializerMethodField()

    def get_accepted(self, reply) -> bool:
        return reply.pk == reply.thread.accepted_reply_id


class ThreadDetailSerializer(ThreadSerializer):
    replies = serializers.SerializerMethodField()

    def get_replies(self, thread) -> ReplySerializer(many=True):
        return ReplySerializer(self.context["replies"], many=True, context=self.context).data


class ThreadQuerySerializer(serializers.Serializer):
    sort = serializers.ChoiceField(choices=["votes", "newest"], default="votes")
    kind = serializers.ChoiceField(choices=Thread.Kind.choices, required=False)
    unanswered = serializers.BooleanField(default=False)
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)


class ThreadInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Thread.Kind.choices)
    title = serializers.CharField(max_length=TITLE_MAX)
    body = serializers.CharField(max_length=BODY_MAX)
    video_second = serializers.IntegerField(min_value=0, max_value=10**6, required=False, allow_null=True)


class ThreadUpdateSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=TITLE_MAX, required=False)
    body = serializers.CharField(max_length=BODY_MAX, required=False)
    pinned = serializers.BooleanField(required=False, help_text="Staff only.")
    closed = serializers.BooleanField(required=False, help_text="Staff only.")


class ReplyInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=BODY_MAX)


class VoteSerializer(serializers.Serializer):
    votes = serializers.IntegerField()
    my_vote = serializers.BooleanField()


class AcceptSerializer(serializers.Serializer):
    accepted = serializers.BooleanField()
    answered = serializers.BooleanField()


class FlagInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FlagSerializer(serializers.Serializer):
    flagged = serializers.BooleanField()


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField()
