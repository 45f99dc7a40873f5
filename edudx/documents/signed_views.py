"""Upload and download of signed copies, and the public signed copy of a published decision.
The views fetch (404 outside scope), check through the registry's permission helpers and hand
over to `signed.upload_signed`."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from edudx.assessments.form_page import _participation
from edudx.core.errors import DomainError, add_to_form
from edudx.documents import registry, signed
from edudx.documents.models import SignedCopy
from edudx.recognition.models import RecognitionDecision


class SignedCopyForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Scan of the signed and stamped document (PDF)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )


def _object(request, scope: str, pk: int):
    """The participation, campaign or decision, 404 when the user cannot see it."""
    if scope == registry.ASSESSMENT:
        return _participation(request, pk), reverse("documents:assessment", args=[pk])
    if scope == registry.CAMPAIGN:
        from edudx.documents.views import _campaign

        return _campaign(request, pk), reverse("documents:campaign", args=[pk])
    if scope == registry.DECISION:
        decision = get_object_or_404(
            RecognitionDecision.objects.select_related("campaign__authority", "authority"), pk=pk
        )
        return decision, reverse("documents:campaign", args=[decision.campaign_id])
    raise Http404


def _pdf(copy: SignedCopy, filename: str) -> FileResponse:
    try:
        handle = copy.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=filename, content_type="application/pdf"
    )


def signed_filename(kind: registry.DocumentKind, obj) -> str:
    return registry.filename(kind, obj, "pdf").removesuffix(".pdf") + "-ban-ky.pdf"


@login_required
def upload(request, scope, pk, slug):
    obj, back = _object(request, scope, pk)
    kind = registry.by_slug(scope, slug)
    if (
        kind is None
        or not signed.signable(kind)
        or not registry.may_upload_signed(request.user, kind, obj)
    ):
        raise Http404
    form = SignedCopyForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                signed.upload_signed(kind, obj, form.cleaned_data["file"], by=request.user)
            except DomainError as exc:
                add_to_form(form, exc)
            else:
                messages.success(request, _("The signed copy is kept with the document."))
                return redirect(back)
        status = 400
    return render(
        request,
        "documents/signed_upload.html",
        {
            "kind": kind,
            "obj": obj,
            "form": form,
            "back": back,
            "current": signed.current_of(kind.code, obj),
            "max_mb": signed.max_mb(),
        },
        status=status,
    )


@login_required
def download(request, pk):
    copy = get_object_or_404(SignedCopy, pk=pk)
    obj, _back = _object(request, copy.scope, copy.object_id)
    kind = registry.KINDS.get(copy.kind)
    if kind is None or not registry.may_download(request.user, kind, obj):
        raise Http404
    if signed.current_of(copy.kind, obj) != copy:  # only the standing copy is offered
        raise Http404
    return _pdf(copy, signed_filename(kind, obj))


def public_decision(request, pk):
    """No login: the signed copy of a published recognition decision."""
    decision = get_object_or_404(
        RecognitionDecision.objects.select_related("campaign", "authority"),
        pk=pk,
        published_at__isnull=False,
    )
    copy = signed.current_of("recognition_decision", decision)
    if copy is None:
        raise Http404
    return _pdf(copy, signed_filename(registry.KINDS["recognition_decision"], decision))
