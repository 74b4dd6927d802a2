from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """Platziflix's user: Django's username, email and password, ours to extend."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"

    @property
    def display_name(self):
        return self.get_full_name() or self.username
