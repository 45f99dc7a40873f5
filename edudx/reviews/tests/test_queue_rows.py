"""The queue's rows are written as HTML in Python (reviews/rows.py), not by the template engine:
what the registry, a team's name or a flag's detail holds is still escaped, and every cell
reads as the template printed it."""

import pytest
from django.utils import timezone

from edudx.organizations.models import Unit
from edudx.reviews.teams import create_team

pytestmark = pytest.mark.django_db

NAME = '<b>Lê</b> & "Lợi"'
ESCAPED = "&lt;b&gt;Lê&lt;/b&gt; &amp; &quot;Lợi&quot;"


def test_names_typed_by_people_are_escaped_in_the_rows(client, submitted, officer_x, tree):
    Unit.objects.filter(pk=tree["T01"].pk).update(name=NAME)
    campaign = submitted.participation.campaign
    team = create_team(campaign, "Đoàn <số 1>", by=officer_x)
    team.assignments.create(participation=submitted.participation)
    client.force_login(officer_x)
    page = client.get(f"/tham-dinh/dot/{campaign.pk}/").content.decode()
    assert "<b>Lê</b>" not in page and "<số 1>" not in page
    pk = submitted.participation.pk
    assert f'aria-label="Chọn {ESCAPED}"></td>' in page
    assert f'<a href="/tham-dinh/ho-so/{pk}/">{ESCAPED}</a>' in page
    assert ">Đoàn &lt;số 1&gt;</td>" in page


def test_each_cell_reads_as_before(client, submitted, officer_x):
    client.force_login(officer_x)
    campaign = submitted.participation.campaign
    page = client.get(f"/tham-dinh/dot/{campaign.pk}/", headers={"HX-Request": "true"})
    body = page.content.decode()
    # T01 submitted (with its date), T02 not started, no team, no last year
    local = timezone.localtime(submitted.submitted_at)
    assert (
        '<div data-state="submitted">Đã nộp cơ quan quản lý<br>'
        f'<small class="note">{local:%d/%m/%Y}</small></div>'
    ) in body
    assert '<div data-state="not_started">Chưa bắt đầu</div>' in body
    assert '<td data-label="Nhóm 1"><div>3 · Mức độ 1<br>' in body  # points as 3, not 3.0
    assert '<td data-label="Nhóm 2"><div>—<br><small class="note">Năm trước: —</small>' in body
    assert '<td data-label="Đoàn">—</td>' in body
    assert 'title="2.2" data-flag="mandatory">Chưa đạt điều kiện bắt buộc</span>' in body
    assert body.count("<tr>") == 3  # the head and two institutions
