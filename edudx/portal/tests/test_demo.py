from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from edudx.accounts.models import Role, RoleAssignment
from edudx.assessments.models import Campaign, SelfAssessment
from edudx.organizations.models import Unit, UnitKind

pytestmark = pytest.mark.django_db


def test_demo_has_a_province_forty_schools_a_user_per_role_and_a_campaign(
    settings, bundled_frameworks, capsys
):
    settings.DEBUG = True
    call_command("load_demo")
    call_command("load_demo")  # twice: nothing doubles
    out = capsys.readouterr().out
    assert Unit.objects.filter(kind=UnitKind.INSTITUTION).count() == 40
    assert Unit.objects.filter(
        kind=UnitKind.INSTITUTION, levels__contains=";primary;lower_secondary;"
    ).exists()
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    assert get_user_model().objects.filter(username__startswith="demo.").count() == 8
    # this year: the department and its two communes; last year: phường Lê Chân
    assert Campaign.objects.count() == 4
    states = Counter(SelfAssessment.objects.values_list("state", flat=True))
    assert states == {"submitted": 3, "approved": 2, "draft": 2}
    assert "demo.hieutruong" in out and "edudx-demo" in out


def test_demo_refuses_to_run_outside_debug(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")
