"""Landing pages that gather the other apps' data; nothing below depends on this app."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from edudx.accounts.models import RoleAssignment
from edudx.accounts.permissions import ROLE_ACTIONS, Action
from edudx.portal import todo


@login_required
def home(request):
    """Việc cần làm: each block of work the person's roles give them, with counts and links."""
    user, today = request.user, timezone.localdate()
    assignments = (
        RoleAssignment.objects.filter(user=user, unit__active=True)
        .select_related("unit")
        .order_by("unit__depth", "unit__name")
    )
    roles = [(a, Action.VIEW_UNIT in ROLE_ACTIONS[a.role]) for a in assignments]
    blocks = {
        "schools": todo.institution_work(user, today),
        "campaigns": todo.authority_work(user, today),
        "team": todo.team_work(user, today),
        "areas": todo.area_summaries(user, today),
        "gaps": todo.setup_gaps(user, today),
    }
    return render(
        request,
        "portal/home.html",
        {
            **blocks,
            "roles": roles,
            "has_work": any(blocks.values()),
            "today": today,
            "list_cap": todo.LIST_CAP,
        },
    )
