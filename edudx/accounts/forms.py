from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from edudx.accounts.models import Role
from edudx.accounts.throttle import wait_text


class LoginForm(AuthenticationForm):
    """The one field takes a username or an e-mail address (see backends.UsernameOrEmailBackend).
    The invalid-login message stays Django's own, translated by Django."""

    username = forms.CharField(
        label=_("Username or e-mail"),
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].widget.attrs["maxlength"] = 254  # an e-mail can exceed 150

    def get_invalid_login_error(self):
        """While the account must wait (throttle.LoginDelayBackend), say for how long: even the
        right password is refused until then."""
        wait = getattr(self.request, "login_wait", 0)
        if not wait:
            return super().get_invalid_login_error()
        return forms.ValidationError(
            _(
                "Too many wrong passwords were tried for this account. To protect it, please "
                "wait %(wait)s, then log in again."
            ),
            code="login_wait",
            params={"wait": wait_text(wait)},
        )


class AccountForm(forms.Form):
    """The fields of one account; used by the page and, row by row, by the Excel import.
    Uniqueness and scope are checked by the service (services.py / bulk.py), not here."""

    username = forms.CharField(
        label=_("Username"), max_length=150, validators=[UnicodeUsernameValidator()]
    )
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("Family name first, as on the identity card: Nguyễn Văn An."),
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


class UserCreateForm(AccountForm):
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args, roles=(), **kwargs):
        super().__init__(*args, **kwargs)
        # No preselected role: granting one must be a choice, not a default.
        self.fields["role"].choices = [("", _("— choose a role —"))] + [
            (r, Role(r).label) for r in roles
        ]
