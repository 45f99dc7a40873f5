"""The password-reset e-mail, sent in the background (inline with the default backend)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_tasks import task


@task()
def send_password_reset(email: str) -> None:
    """Takes the address as typed, not the accounts: the page then does the same work whether or
    not an account has it. The link is built from SITE_URL, never from the request's Host header,
    which a client chooses."""
    site = urlsplit(settings.SITE_URL)
    form = PasswordResetForm()
    with translation.override(settings.LANGUAGE_CODE):
        for user in form.get_users(email):
            uid = urlsafe_base64_encode(force_bytes(user.pk))
            token = default_token_generator.make_token(user)
            path = reverse("password_reset_confirm", kwargs={"uidb64": uid, "token": token})
            context = {
                "email": user.email,
                "domain": site.netloc,
                "site_name": "EduDX",
                "protocol": site.scheme,
                "uid": uid,
                "token": token,
                "user": user,
                "reset_url": f"{settings.SITE_URL}{path}",
            }
            form.send_mail(
                "registration/password_reset_subject.txt",
                "registration/password_reset_email.html",
                context,
                None,
                user.email,
            )
