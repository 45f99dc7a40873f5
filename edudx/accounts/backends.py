from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UsernameOrEmailBackend(ModelBackend):
    """Log in with the username or the e-mail address. An e-mail shared by several accounts
    (a school's common mailbox) does not log in by e-mail: it would be a guess whose account."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        User = get_user_model()
        user = (
            User.objects.filter(username__iexact=username).first() if "@" not in username else None
        )
        if user is None and "@" in username:
            matches = list(User.objects.filter(email__iexact=username)[:2])
            user = matches[0] if len(matches) == 1 else None
        if user is None:
            User().set_password(password)  # same time as a real check: no user enumeration
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


def lockout_username(request, credentials) -> str:
    """The key django-axes counts failures under: the account, however it was typed. Without
    this, 'Demo.So', 'DEMO.SO' and the e-mail address would each get their own allowance."""
    typed = ((credentials or {}).get("username") or "").strip()
    if "@" in typed:
        matches = list(
            get_user_model()
            .objects.filter(email__iexact=typed)
            .values_list("username", flat=True)[:2]
        )
        if len(matches) == 1:
            return matches[0].lower()
    return typed.lower()
