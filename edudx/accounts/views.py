import base64

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from edudx.accounts import bulk, services, tasks, throttle
from edudx.accounts.forms import UserCreateForm
from edudx.accounts.models import Role
from edudx.accounts.permissions import Action, get_unit_or_404, grantable_roles
from edudx.core.errors import add_to_form
from edudx.core.files import XLSX, XlsxUploadForm, xlsx_response


class LoginView(auth_views.LoginView):
    """Django's log-in; in demo mode the page also lists the demo accounts."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_accounts"] = services.demo_accounts()
            context["demo_password"] = settings.DEMO_PASSWORD
        return context

    def form_invalid(self, form):
        """An attempt refused because the account must wait answers 429 with Retry-After."""
        response = super().form_invalid(form)
        wait = getattr(self.request, "login_wait", 0)
        if wait:
            response.status_code = 429
            response["Retry-After"] = str(wait)
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Throttled per e-mail and per client address; the e-mail goes through a background task.
    The answer is the same page whether the address is known, unknown or over its share."""

    def form_valid(self, form):
        email = form.cleaned_data["email"]
        if throttle.reset_allowed(email, throttle.client_address(self.request)):
            tasks.send_password_reset.enqueue(email)
        return HttpResponseRedirect(self.get_success_url())


class PasswordChangeView(auth_views.PasswordChangeView):
    """A chosen password frees the account from the forced change (middleware)."""

    def form_valid(self, form):
        form.user.must_change_password = False  # saved with the new password by form.save()
        response = super().form_valid(form)
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """A password chosen through the e-mailed link is the owner's own: no forced change after."""

    def form_valid(self, form):
        form.user.must_change_password = False
        return super().form_valid(form)


@never_cache
@login_required
def user_create(request, code):
    """Create one account. The answer to a successful POST is the result page itself, showing
    the generated password once: it is never stored, not even in the session, and a reload
    cannot create the account twice (the username is then taken)."""
    unit = get_unit_or_404(request.user, code, Action.MANAGE_USERS)
    posted = request.method == "POST"
    form = UserCreateForm(
        request.POST if posted else None, roles=grantable_roles(request.user, unit)
    )
    if posted and form.is_valid():
        try:
            user, password = services.create_account(
                unit=unit, by=request.user, **form.cleaned_data
            )
        except services.AccountError as exc:
            add_to_form(form, exc)
        else:
            return render(
                request,
                "accounts/user_created.html",
                {
                    "unit": unit,
                    "account": user,
                    "account_name": user.get_full_name(),
                    "password": password,
                    "role_label": Role(form.cleaned_data["role"]).label,
                    "unit_url": services.unit_url(unit),
                },
            )
    return render(
        request,
        "accounts/user_form.html",
        {"unit": unit, "form": form, "unit_url": services.unit_url(unit)},
    )


@never_cache
@login_required
def users_import(request, code):
    """Upload a sheet of accounts. On success the answer is the result page itself, carrying the
    credentials sheet inline (a data: link): the initial passwords are never stored on the
    server, not even in the session, and a reload cannot create the accounts twice (the usernames
    are then taken and the whole file is refused)."""
    unit = get_unit_or_404(request.user, code, Action.MANAGE_USERS)
    posted = request.method == "POST"
    form = XlsxUploadForm(request.POST if posted else None, request.FILES if posted else None)
    problems: list[str] = []
    if posted and form.is_valid():
        try:
            created = bulk.import_accounts(
                form.cleaned_data["file"].read(), scope=unit, by=request.user
            )
        except bulk.ImportProblems as exc:
            problems = exc.problems
        else:
            sheet = base64.b64encode(bulk.credentials_xlsx(created)).decode("ascii")
            return render(
                request,
                "accounts/users_imported.html",
                {
                    "unit": unit,
                    "created": [
                        (c.user.username, c.user.get_full_name(), c.unit, Role(c.role).label)
                        for c in created
                    ],
                    "credentials_href": f"data:{XLSX};base64,{sheet}",
                    "credentials_filename": f"tai-khoan-{unit.code}.xlsx",
                    "unit_url": services.unit_url(unit),
                },
            )
    return render(
        request,
        "accounts/users_import.html",
        {
            "unit": unit,
            "form": form,
            "problems": problems,
            "unit_url": services.unit_url(unit),
            "columns": list(bulk.COLUMNS),
        },
        status=400 if posted else 200,  # a rejected file is an error, not a page
    )


@login_required
def users_import_template(request, code):
    unit = get_unit_or_404(request.user, code, Action.MANAGE_USERS)
    filename = f"mau-tai-khoan-{unit.code}.xlsx"
    return xlsx_response(bulk.template_xlsx(unit), filename)
