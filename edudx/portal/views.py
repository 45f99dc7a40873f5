"""Landing pages that gather the other apps' data; nothing below depends on this app."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from edudx.accounts.models import RoleAssignment
from edudx.frameworks.models import FrameworkVersion


@login_required
def home(request):
    assignments = (
        RoleAssignment.objects.filter(user=request.user, unit__active=True)
        .select_related("unit")
        .order_by("unit__depth", "unit__name")
    )
    return render(
        request,
        "home.html",
        {"versions": FrameworkVersion.objects.all(), "assignments": assignments},
    )
