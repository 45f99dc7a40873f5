from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from edudx.frameworks.models import FrameworkVersion


@login_required
def home(request):
    return render(request, "home.html", {"versions": FrameworkVersion.objects.all()})
