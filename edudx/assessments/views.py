from collections import Counter

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from edudx.accounts.permissions import Action, can, get_unit_or_404, visible_to
from edudx.assessments.campaign_settings import preschool_status
from edudx.assessments.campaigns import (
    DEADLINE_LABELS,
    current_school_year,
    default_deadlines,
    institutions_of,
    open_campaign,
    timeline,
)
from edudx.assessments.errors import CampaignError
from edudx.assessments.forms import CampaignForm
from edudx.assessments.models import Campaign, HeadlineRule
from edudx.assessments.progress import progress_label, with_progress
from edudx.core.education import EDUCATION_LEVELS
from edudx.core.errors import add_to_form
from edudx.organizations.models import AUTHORITY_KINDS, UnitKind

#: Institutions listed per page of the campaign page.
PAGE_SIZE = 50


@login_required
def campaign_list(request):
    campaigns = (
        Campaign.objects.visible_to(request.user)
        .select_related("authority")
        .annotate(n_institutions=Count("participations__institution", distinct=True))
        .order_by("-school_year", "authority__path")[:200]
    )
    today = timezone.localdate()
    rows = [
        (c, next((s for s in timeline(c, today) if s.state == "next"), None)) for c in campaigns
    ]
    return render(request, "assessments/campaign_list.html", {"rows": rows})


@login_required
def campaign_open(request, code):
    authority = get_unit_or_404(request.user, code, Action.MANAGE_CAMPAIGNS)
    if authority.kind not in AUTHORITY_KINDS:
        return render(request, "assessments/campaign_not_authority.html", {"unit": authority})
    institutions = institutions_of(authority)
    levels = [lv for lv in EDUCATION_LEVELS]
    year = current_school_year(timezone.localdate())
    parent = Campaign.objects.filter(authority_id=authority.parent_id, school_year=year).first()
    initial = {"school_year": year, "institutions": list(institutions)}
    initial.update(
        {name: getattr(parent, name) for name in DEADLINE_LABELS}
        if parent
        else default_deadlines(year)
    )
    form = CampaignForm(
        request.POST or None,
        initial=initial,
        institutions=institutions,
        levels=levels,
        is_department=authority.kind == UnitKind.DEPARTMENT,
    )
    if request.method == "POST" and form.is_valid():
        try:
            opened = open_campaign(
                authority=authority,
                school_year=form.cleaned_data["school_year"],
                versions=form.versions(),
                deadlines=form.deadlines(),
                institutions=form.cleaned_data["institutions"],
                cascade=form.cleaned_data.get("cascade", False),
                by=request.user,
            )
        except CampaignError as exc:
            add_to_form(form, exc)
        else:
            return redirect("assessments:campaign_detail", pk=opened.campaign.pk)
    return render(
        request,
        "assessments/campaign_form.html",
        {"unit": authority, "form": form, "parent": parent},
    )


@login_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(
        Campaign.objects.visible_to(request.user).select_related("authority", "parent__authority"),
        pk=pk,
    )
    followed = with_progress(
        visible_to(  # a teacher sees their own school, the authority all of them
            request.user,
            campaign.participations.select_related("institution", "version", "assessment"),
            path_field="institution__path",
        )
    )
    # Counted by the database (the one counting rule, progress.py); one page of names is read.
    counts = Counter(dict(followed.order_by().values_list("progress").annotate(n=Count("pk"))))
    states = list(counts.elements())
    participations = Paginator(followed.order_by("institution__name", "pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    assessed_levels = {
        f.education_level: f.version for f in campaign.frameworks.select_related("version")
    }
    return render(
        request,
        "assessments/campaign_detail.html",
        {
            "campaign": campaign,
            "steps": timeline(campaign, timezone.localdate(), states),
            "state_counts": [(progress_label(st), n) for st, n in Counter(states).most_common()],
            "frameworks": [(EDUCATION_LEVELS[lv], v) for lv, v in assessed_levels.items()],
            "participations": participations,
            "children": campaign.children.select_related("authority").annotate(
                n_institutions=Count("participations__institution", distinct=True)
            ),
            "can_manage": can(request.user, Action.MANAGE_CAMPAIGNS, campaign.authority),
            "preschools": preschool_status(campaign),
            "can_guide": can(request.user, Action.PUBLISH_GUIDANCE, campaign.authority),
            "headline_rules": HeadlineRule.choices,
        },
    )
