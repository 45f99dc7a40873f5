"""The page where a unit's administrator issues and revokes API tokens. The secret is shown in
the answer to the issuing POST only — never stored, never shown again."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from edudx.accounts import tokens
from edudx.accounts.models import ApiToken
from edudx.accounts.permissions import get_unit_or_404
from edudx.core.confirm import confirmation_page, confirmed
from edudx.core.dates import DateField
from edudx.core.errors import add_to_form

REVOKE_QUESTION = "Thu hồi khóa API “{name}”?"
REVOKE_CONSEQUENCE = (
    "Phần mềm đang dùng khóa này sẽ bị từ chối ngay từ yêu cầu tiếp theo; việc thu hồi không "
    "hoàn tác được (muốn dùng lại phải cấp khóa mới)."
)


NEW_KEY = "edudx_new_api_key"


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name of the key"),
        max_length=120,
        help_text=_("Which software uses it, e.g. “vnEdu – sync of results”."),
    )
    access = forms.ChoiceField(
        label=_("Access"),
        choices=[("read", _("Read only")), ("write", _("Read and write"))],
        initial="read",
        widget=forms.RadioSelect,
    )
    expires_on = DateField(
        label=_("Valid until"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


def _unit(request, code):
    unit = get_unit_or_404(request.user, code)
    if not tokens.may_issue(request.user, unit):
        raise Http404
    return unit


def _page(request, unit, form, secret=None, issued=None, status=200):
    listed = ApiToken.objects.filter(unit=unit).select_related("user", "revoked_by")
    return render(
        request,
        "api/tokens.html",
        {
            "unit": unit,
            "form": form,
            "tokens": listed,
            "secret": secret,
            "issued": issued,
            "now": timezone.now(),
            "revoke_question": REVOKE_QUESTION,
        },
        status=status,
    )


@login_required
def tokens_page(request, code):
    unit = _unit(request, code)
    if request.method != "POST":
        initial = {"expires_on": timezone.localdate() + dt.timedelta(days=90)}
        new = request.session.pop(NEW_KEY, None)
        issued = ApiToken.objects.filter(pk=new["pk"], unit=unit).first() if new else None
        secret = new["secret"] if issued else None
        return _page(request, unit, TokenForm(initial=initial), secret=secret, issued=issued)
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            token, secret = tokens.issue_token(
                unit,
                by=request.user,
                name=form.cleaned_data["name"],
                read_only=form.cleaned_data["access"] == "read",
                expires_on=form.cleaned_data["expires_on"],
            )
        except tokens.TokenError as exc:
            add_to_form(form, exc)
        else:
            # Post/redirect/get, so that reloading never issues a second key; the secret waits
            # in the session for the one page that shows it, and is gone once shown.
            request.session[NEW_KEY] = {"pk": token.pk, "secret": secret}
            return redirect("api_pages:tokens", unit.code)
    return _page(request, unit, form, status=400)


@login_required
@require_POST
def revoke(request, pk):
    token = get_object_or_404(ApiToken.objects.select_related("unit"), pk=pk)
    unit = _unit(request, token.unit.code)
    if not confirmed(request):
        return confirmation_page(
            request,
            question=REVOKE_QUESTION.format(name=token.name),
            consequence=REVOKE_CONSEQUENCE,
            back=reverse("api_pages:tokens", args=[unit.code]),
        )
    try:
        tokens.revoke_token(token, by=request.user)
    except tokens.TokenError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The key is revoked."))
    return redirect("api_pages:tokens", unit.code)
