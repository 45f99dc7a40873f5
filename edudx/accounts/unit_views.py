from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from edudx.accounts.models import RoleAssignment
from edudx.accounts.permissions import (
    Action,
    can,
    get_unit_or_404,
    registry_scope,
    visible_units,
)
from edudx.core.files import xlsx_response
from edudx.core.htmx import render_partial_or_page
from edudx.core.models import ExportJob, ExportKind, JobState
from edudx.organizations.forms import RegistryUploadForm
from edudx.organizations.models import AUTHORITY_KINDS, LEVEL_LABELS, ParentPeriod, Unit

SEARCH_LIMIT = 50
PAGE_SIZE = 50


@login_required
def unit_search(request):
    """Search units by code or name across the user's whole scope (the country for the ministry).

    One query however many units exist: a prefix filter on the scope paths, an indexed code prefix
    or a name match, limited to the first results."""
    if not can(request.user, Action.VIEW_UNIT):
        raise Http404
    q = request.GET.get("q", "").strip()
    scope = visible_units(request.user)
    if q:
        results = list(scope.search(q).select_related("parent")[: SEARCH_LIMIT + 1])
    else:
        results = list(scope.select_related("parent").order_by("depth", "name")[:20])
    context = {
        "q": q,
        "results": results[:SEARCH_LIMIT],
        "more": len(results) > SEARCH_LIMIT,
    }
    return render_partial_or_page(
        request, "organizations/search.html", "organizations/_results.html", context
    )


@login_required
def unit_detail(request, code):
    unit = get_unit_or_404(request.user, code)
    children = unit.children.annotate(n_children=Count("children")).order_by(
        "-active", "kind", "name"
    )
    page = Paginator(children, PAGE_SIZE).get_page(request.GET.get("trang"))
    ancestors = Unit.objects.filter(pk__in=unit.ancestor_ids()[:-1]).order_by("depth")
    ancestors = [a for a in ancestors if can(request.user, Action.VIEW_UNIT, a)]
    show_users = can(request.user, Action.VIEW_USERS, unit)
    assignments = None
    if show_users:  # the accounts of the unit and of every unit under it
        assignments = Paginator(
            RoleAssignment.objects.filter(unit__path__startswith=unit.path)
            .select_related("user", "unit")
            .order_by("unit__depth", "unit__name", "role", "user__username"),
            PAGE_SIZE,
        ).get_page(request.GET.get("trang_tk"))
    return render(
        request,
        "organizations/detail.html",
        {
            "unit": unit,
            "levels": [LEVEL_LABELS[lv] for lv in unit.education_levels],
            "ancestors": ancestors,
            "page": page,
            "assignments": assignments,
            "show_users": show_users,
            "periods": ParentPeriod.objects.filter(unit=unit)
            .select_related("parent")
            .order_by("-since"),
            "subtree_size": Unit.objects.subtree(unit).count() - 1,
            "can_manage_users": can(request.user, Action.MANAGE_USERS, unit),
            "can_add_staff": can(request.user, Action.MANAGE_STAFF, unit),
            "can_manage_units": can(request.user, Action.MANAGE_UNITS, unit),
            "can_open_campaign": unit.kind in AUTHORITY_KINDS
            and can(request.user, Action.MANAGE_CAMPAIGNS, unit),
        },
    )


@login_required
def registry_import(request, code):
    """Import the unit registry into this unit's subtree (all or nothing, every error listed)."""
    from edudx.organizations import registry

    unit = get_unit_or_404(request.user, code, Action.MANAGE_UNITS)
    form = RegistryUploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        scope = registry_scope(request.user, unit)
        rows = registry.count_rows(upload, upload.name)
        if rows > settings.REGISTRY_DIRECT_ROWS:  # a department's or the ministry's registry
            from edudx.organizations.tasks import start_import

            job = start_import(
                upload, rows=rows, scope=scope, since=form.cleaned_data["since"], by=request.user
            )
            return redirect("organizations:registry_job", code=unit.code, pk=job.pk)
        try:
            report = registry.import_units(
                upload.read(),
                upload.name,
                by=request.user,
                scope=scope,
                since=form.cleaned_data["since"],
            )
        except registry.RegistryError as exc:
            errors = exc.errors
    return render(
        request,
        "organizations/registry_import.html",
        {"unit": unit, "form": form, "errors": errors, "report": report},
        status=400 if request.method == "POST" and report is None else 200,
    )


@login_required
def registry_job(request, code, pk):
    """A registry import running in the background: its progress, polled with htmx, then the
    same all-or-nothing report as the page gives (what changed, or every problem)."""
    unit = get_unit_or_404(request.user, code, Action.MANAGE_UNITS)
    job = get_object_or_404(ExportJob, pk=pk, kind=ExportKind.REGISTRY, requested_by=request.user)
    context = {
        "unit": unit,
        "job": job,
        "report": job.params.get("report"),
        "errors": job.error.splitlines() if job.state == JobState.FAILED else [],
    }
    return render_partial_or_page(
        request,
        "organizations/registry_job.html",
        "organizations/_registry_job_status.html",
        context,
    )


@login_required
def registry_export(request, code):
    from edudx.organizations import registry

    unit = get_unit_or_404(request.user, code, Action.MANAGE_UNITS)
    data = registry.export_units_bytes(Unit.objects.subtree(unit))
    return xlsx_response(data, f"danh-muc-don-vi-{unit.code}.xlsx")


@login_required
def registry_template(request):
    from edudx.organizations import registry

    if not can(request.user, Action.MANAGE_UNITS):
        raise Http404
    return xlsx_response(registry.template_xlsx(), "mau-danh-muc-don-vi.xlsx")
