"""The authority's guidance page: what it published for a school year, the import of its sheet
and the export. Only the authority's own roles (accounts.permissions PUBLISH_GUIDANCE) reach it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from edudx.accounts.permissions import Action, get_unit_or_404
from edudx.core.errors import DomainError, add_to_form
from edudx.core.files import xlsx_response
from edudx.guidance import services
from edudx.guidance.forms import GuidanceUploadForm
from edudx.guidance.sheet import SheetProblems, write_sheet
from edudx.organizations.models import AUTHORITY_KINDS

FRAMEWORK = "4725"  # the index the guidance letters speak of today; others by ?bo-chi-so=


def _authority(request, code):
    unit = get_unit_or_404(request.user, code, Action.PUBLISH_GUIDANCE)
    if unit.kind not in AUTHORITY_KINDS:
        raise Http404
    return unit


def _year(request) -> str:
    """The school year asked for (the campaign page links with it), else the one under way
    (from August the coming one, as campaigns count it)."""
    asked = request.GET.get("nam-hoc", "")
    if len(asked) == 9 and asked[:4].isdigit() and asked[5:].isdigit() and asked[4] == "-":
        return asked
    today = timezone.localdate()
    first = today.year if today.month >= 8 else today.year - 1
    return f"{first}-{first + 1}"


@login_required
@require_http_methods(["GET", "POST"])
def authority_guidance(request, code):
    authority = _authority(request, code)
    year = _year(request)
    framework = request.GET.get("bo-chi-so") or FRAMEWORK
    guidance = services.current(authority, year, framework)
    problems = []
    if request.method == "POST":
        form = GuidanceUploadForm(request.POST, request.FILES)
        if form.is_valid():
            d = form.cleaned_data
            try:
                guidance = services.publish(
                    authority,
                    school_year=year,
                    framework_code=framework,
                    letter_number=d["letter_number"],
                    letter_date=d["letter_date"],
                    letter_title=d["letter_title"],
                    data=d["file"].read(),
                    revision=d["revision"],
                    by=request.user,
                )
            except SheetProblems as exc:
                problems = exc.problems
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(
                    request,
                    _("Guidance published: %(n)s criteria, letter %(letter)s.")
                    % {"n": guidance.entries.count(), "letter": guidance.letter_number},
                )
                return redirect(f"{request.path}?nam-hoc={year}&bo-chi-so={framework}")
    else:
        initial = {"revision": guidance.revision if guidance else 0}
        if guidance:
            initial |= {
                "letter_number": guidance.letter_number,
                "letter_date": guidance.letter_date,
                "letter_title": guidance.letter_title,
            }
        form = GuidanceUploadForm(initial=initial)
    inherited = [
        g for g in services.letters(authority, year, framework) if g.authority_id != authority.pk
    ]
    return render(
        request,
        "guidance/authority.html",
        {
            "authority": authority,
            "year": year,
            "framework": framework,
            "guidance": guidance,
            "entries": list(guidance.entries.all()) if guidance else [],
            "inherited": inherited,
            "form": form,
            "problems": problems,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def export_guidance(request, code):
    authority = _authority(request, code)
    year = _year(request)
    framework = request.GET.get("bo-chi-so") or FRAMEWORK
    criteria = services.criteria_of(framework)
    if not criteria:
        raise Http404
    guidance = services.current(authority, year, framework)
    entries = {e.criterion: e for e in guidance.entries.all()} if guidance else {}
    data = write_sheet(criteria, entries, guidance.letter if guidance else "")
    name = f"huong-dan-{authority.code}-{year}.xlsx" if guidance else "mau-huong-dan-tieu-chi.xlsx"
    return xlsx_response(data, name)
