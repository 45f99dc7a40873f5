from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    """The project's own user model from the first migration, so roles and units can be added later
    without the painful swap of a live auth.User table."""
