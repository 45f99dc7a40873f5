from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from edudx.accounts.permissions import Action, can
from edudx.core.files import XlsxUploadForm, xlsx_response
from edudx.frameworks import excel, loader, schema
from edudx.frameworks.annex import annex_rows
from edudx.frameworks.models import FrameworkVersion


@login_required
def version_list(request):
    return render(
        request,
        "frameworks/list.html",
        {"versions": FrameworkVersion.objects.order_by("code", "-decision_date")},
    )


@login_required
def version_detail(request, code, version):
    fv = get_object_or_404(FrameworkVersion, code=code, version=version)
    fw = fv.framework()
    return render(
        request,
        "frameworks/detail.html",
        {
            "fv": fv,
            "fw": fw,
            "rows": annex_rows(fw),
            "level_names": sorted(fw.level_names.items()),
            "education_levels": [schema.EDUCATION_LEVELS[e] for e in fw.education_levels],
        },
    )


@login_required
def export_download(request, code, version):
    fv = get_object_or_404(FrameworkVersion, code=code, version=version)
    return xlsx_response(
        excel.export_xlsx(fv.framework()), f"bo-chi-so-{fv.code}-{fv.version}.xlsx"
    )


@login_required
def template_download(request):
    return xlsx_response(excel.template_xlsx(), "mau-bo-chi-so.xlsx")


@login_required
def import_xlsx(request):
    """Upload an index workbook; publish it as a new version or show every problem found."""
    if not can(request.user, Action.MANAGE_FRAMEWORKS):
        raise Http404
    problems: list[str] = []
    form = XlsxUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            fw = excel.read_xlsx(upload.read(), upload.name)
            outcome = loader.publish(fw, source=upload.name, by=request.user)
        except schema.FrameworkError as exc:
            problems = exc.problems
        except loader.VersionConflict as exc:
            problems = [str(exc)]
        else:
            v = outcome.version
            if outcome.created:
                messages.success(
                    request,
                    _("Loaded framework %(code)s version %(version)s.")
                    % {"code": v.code, "version": v.version},
                )
            else:
                messages.info(
                    request,
                    _("Framework %(code)s version %(version)s was already loaded; nothing changed.")
                    % {"code": v.code, "version": v.version},
                )
            return redirect("frameworks:detail", code=v.code, version=v.version)
    return render(
        request,
        "frameworks/import.html",
        {"form": form, "problems": problems},
        status=400 if request.method == "POST" else 200,  # a rejected file is an error
    )
