"""Pages of the self-assessment council: its members, who prepares which criterion, progress,
and each member's own criteria. Anyone who may see the institution reads them; only its head
(Action.APPROVE_ASSESSMENT) changes them, through the services of council.py.

A member's forms and each criterion's assignment send back the revision they showed (a hidden
`revision`); a change refused because a colleague saved first answers 400 with the stored values
in the message, what the person typed still in the form, and the current revision, so that saving
again is a choice made knowingly."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from edudx.accounts.permissions import Action, can
from edudx.assessments import council
from edudx.assessments.facts import assessment_for
from edudx.assessments.form_page import _participation
from edudx.assessments.models import EDITABLE_STATES, CouncilMember, CouncilPosition
from edudx.core.errors import DomainError, add_to_form


class AccountChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        full = obj.get_full_name()
        return f"{full} ({obj.username})" if full else obj.username


class MemberChangeForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    position = forms.ChoiceField(
        label=_("Position in the council"), choices=CouncilPosition.choices
    )
    job_title = forms.CharField(
        label=_("Job title"),
        max_length=200,
        required=False,
        help_text=_("As written in the decision, e.g. Vice-principal, Teacher of grade 3."),
    )
    duty = forms.CharField(
        label=_("Duty in the council"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, with_name=False, **kwargs):
        """`with_name`: the member has no account, so their name is typed (and changed) here."""
        super().__init__(*args, **kwargs)
        if not with_name:
            del self.fields["full_name"]


class MemberForm(MemberChangeForm):
    field_order = ["user", "full_name", "position", "job_title", "duty"]
    user = AccountChoice(
        label=_("Account of the institution"),
        queryset=None,
        required=False,
        empty_label=_("— no account —"),
    )

    def __init__(self, *args, accounts, **kwargs):
        super().__init__(*args, with_name=True, **kwargs)
        self.fields["user"].queryset = accounts
        name = self.fields["full_name"]
        name.required = False
        name.label = _("or the full name of a member without an account")
        name.help_text = _(
            "A parents' representative or a staff member who never logs in: listed in the "
            "decision; someone with an account enters the facts of the criteria they hold."
        )
        self.order_fields(self.field_order)

    def clean(self):
        data = super().clean()
        if data.get("user") and (data.get("full_name") or "").strip():
            self.add_error("full_name", _("Choose an account or type a name, not both."))
        return data


def _load(request, pk, action=Action.VIEW_UNIT):
    participation = _participation(request, pk, action)
    assessment = assessment_for(participation)
    assessment.participation = participation  # already loaded with its institution and version
    return participation, assessment


def _base(request, participation, assessment) -> dict:
    return {
        "participation": participation,
        "assessment": assessment,
        "manage": can(request.user, Action.APPROVE_ASSESSMENT, participation.institution),
        "editable": assessment.state in EDITABLE_STATES,
    }


def _member_accounts(assessment, members):
    return council.institution_accounts(assessment).exclude(
        pk__in=[m.user_id for m in members if m.user_id is not None]
    )


def _council_page(request, participation, assessment, *, add_form=None, bound=None, status=200):
    """The members with their criteria; for the head, the add form and one edit form each.
    `bound` is a member's edit form that came back with errors (shown open, as typed)."""
    context = _base(request, participation, assessment)
    members = council.members_of(assessment)
    figures = council.progress(assessment, members)
    rows = []
    for share in figures.members:
        m = share.member
        if bound is not None and bound.prefix == f"m{m.pk}":
            form, opened = bound, True
        else:
            form = MemberChangeForm(
                prefix=f"m{m.pk}",
                with_name=not m.has_account,
                initial={
                    "full_name": m.full_name,
                    "position": m.position,
                    "job_title": m.job_title,
                    "duty": m.duty,
                },
            )
            opened = False
        rows.append({"member": m, "share": share, "form": form, "open": opened})
    if add_form is None:
        add_form = MemberForm(
            accounts=_member_accounts(assessment, members),
            initial={"position": CouncilPosition.MEMBER},
        )
    context.update(rows=rows, add_form=add_form)
    return render(request, "assessments/council.html", context, status=status)


@login_required
def council_page(request, pk):
    participation, assessment = _load(request, pk)
    return _council_page(request, participation, assessment)


@login_required
@require_POST
def member_add(request, pk):
    participation, assessment = _load(request, pk, Action.APPROVE_ASSESSMENT)
    form = MemberForm(
        request.POST, accounts=_member_accounts(assessment, council.members_of(assessment))
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = council.add_member(
                assessment,
                data["user"],
                data["position"],
                full_name=data["full_name"],
                job_title=data["job_title"],
                duty=data["duty"],
                by=request.user,
            )
        except council.CouncilError as exc:
            if _frozen(request, assessment, exc):
                return redirect("assessments:council", pk=pk)
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                gettext("%(name)s is now a member of the council.") % {"name": member.display_name},
            )
            return redirect("assessments:council", pk=pk)
    return _council_page(request, participation, assessment, add_form=form, status=400)


def _frozen(request, assessment, exc) -> bool:
    """A refusal because the assessment is locked: the page shows no form to put it on."""
    assessment.refresh_from_db(fields=["state"])
    if assessment.state in EDITABLE_STATES:
        return False
    messages.error(request, str(exc))
    return True


def _member(request, assessment, member_pk) -> CouncilMember | None:
    """The member, or None after saying a colleague removed them since the page was loaded (a
    member of another council does not exist here: 404)."""
    member = (
        CouncilMember.objects.select_related("user")
        .filter(pk=member_pk, assessment=assessment)
        .first()
    )
    if member is None:
        if CouncilMember.objects.filter(pk=member_pk).exists():
            raise Http404
        messages.error(
            request, "Thành viên này không còn trong Hội đồng (vừa được người khác xóa)."
        )
    return member


@login_required
@require_POST
def member_change(request, pk, member):
    participation, assessment = _load(request, pk, Action.APPROVE_ASSESSMENT)
    member = _member(request, assessment, member)
    if member is None:
        return redirect("assessments:council", pk=pk)
    form = MemberChangeForm(request.POST, prefix=f"m{member.pk}", with_name=not member.has_account)
    if form.is_valid():
        try:
            council.change_member(
                member,
                by=request.user,
                revision=request.POST.get("revision", ""),
                **form.cleaned_data,
            )
        except DomainError as exc:
            if _frozen(request, assessment, exc):
                return redirect("assessments:council", pk=pk)
            add_to_form(form, exc)
        else:
            messages.success(
                request,
                gettext("The council entry of %(name)s is saved.") % {"name": member.display_name},
            )
            return redirect("assessments:council", pk=pk)
    return _council_page(request, participation, assessment, bound=form, status=400)


@login_required
@require_POST
def member_remove(request, pk, member):
    participation, assessment = _load(request, pk, Action.APPROVE_ASSESSMENT)
    member = _member(request, assessment, member)
    if member is None:
        return redirect("assessments:council", pk=pk)
    try:
        council.remove_member(member, by=request.user, revision=request.POST.get("revision", ""))
    except DomainError as exc:
        if _frozen(request, assessment, exc):
            return redirect("assessments:council", pk=pk)
        messages.error(request, str(exc))
        return _council_page(request, participation, assessment, status=400)
    messages.success(
        request,
        gettext("%(name)s is no longer a member of the council.") % {"name": member.display_name},
    )
    return redirect("assessments:council", pk=pk)


def _assign_rows(participation, assessment):
    """Groups of the index, each with its criteria's figures (templates cannot look up codes)."""
    members = council.members_of(assessment)
    figures = council.progress(assessment, members)
    fw = participation.version.framework()
    by_group = {}
    for c in figures.criteria:
        by_group.setdefault(c.group, []).append(c)
    groups = [{"spec": g, "criteria": by_group.get(g.code, [])} for g in fw.groups]
    return members, figures, groups


@login_required
def assign_page(request, pk):
    participation, assessment = _load(request, pk)
    if request.method == "POST":
        return _assign(request, participation, assessment)
    members, figures, groups = _assign_rows(participation, assessment)
    context = _base(request, participation, assessment)
    context.update(members=members, figures=figures, groups=groups)
    return render(request, "assessments/council_assign.html", context)


def _assign(request, participation, assessment):
    """One criterion given to one member (or to nobody), from the revision of its assignment the
    row showed: answered with its row for htmx, with a redirect back to it otherwise. A refusal
    shows the row with the reason, the person's choice still selected and the current revision."""
    if not can(request.user, Action.APPROVE_ASSESSMENT, participation.institution):
        raise Http404
    code = request.POST.get("criterion", "")
    chosen = request.POST.get("member", "")
    error = None
    try:
        member = None
        if chosen:
            member = (
                CouncilMember.objects.filter(assessment=assessment, pk=chosen)
                .select_related("user")
                .first()
                if chosen.isdigit()
                else None
            )
            if member is None:
                raise council.CouncilError(
                    "Người được chọn không còn trong Hội đồng; hãy tải lại trang.", "member"
                )
        council.assign_criterion(
            assessment, code, member, revision=request.POST.get("revision", ""), by=request.user
        )
    except DomainError as exc:
        error = str(exc)
    if not request.htmx and not error:
        messages.success(request, gettext("Criterion %(code)s: assignment saved.") % {"code": code})
        return redirect(
            reverse("assessments:council_assign", args=[participation.pk]) + f"#a-{code}"
        )
    members, figures, groups = _assign_rows(participation, assessment)
    try:
        row = figures.of(code)
    except StopIteration:
        raise Http404 from None
    context = _base(request, participation, assessment)
    if not request.htmx:  # the whole page, the refused row as the person left it
        context.update(
            members=members,
            figures=figures,
            groups=groups,
            refused=code,
            chosen=chosen,
            error=error,
        )
        return render(request, "assessments/council_assign.html", context, status=400)
    context.update(members=members, c=row, saved=error is None, error=error, chosen=chosen)
    return render(request, "assessments/council_assign_row.html", context)


@login_required
def progress_page(request, pk):
    participation, assessment = _load(request, pk)
    _members, figures, groups = _assign_rows(participation, assessment)
    context = _base(request, participation, assessment)
    context.update(figures=figures, groups=groups)
    return render(request, "assessments/council_progress.html", context)


@login_required
def my_criteria_page(request, pk):
    participation, assessment = _load(request, pk)
    members = council.members_of(assessment)
    figures = council.progress(assessment, members)
    me = next((m for m in members if m.user_id == request.user.pk), None)
    mine = [
        c for c in figures.criteria if c.member is not None and c.member.user_id == request.user.pk
    ]
    context = _base(request, participation, assessment)
    context.update(me=me, mine=mine)
    return render(request, "assessments/council_mine.html", context)
