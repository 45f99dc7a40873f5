"""The self-assessment form: saved item by item, levels recomputed, stale saves refused on screen."""

import pytest

from edudx.assessments.models import FactEntry

pytestmark = pytest.mark.django_db


def url(p, code=None):
    return f"/tu-danh-gia/{p.pk}/" + (f"muc/{code}/" if code else "")


def test_form_shows_every_item_with_groups_and_levels(client, teacher, participation):
    client.force_login(teacher)
    html = client.get(url(participation)).content.decode()
    for code in ("1.1", "1.3.1", "1.4.1", "2.3.3", "2.4.3"):
        assert f'id="item-{code}"' in html
    assert 'id="group-1"' in html and "Mức độ 1" in html


def test_saving_an_item_answers_the_item_and_the_new_totals(client, teacher, participation):
    client.force_login(teacher)
    html = client.post(
        url(participation, "1.4.1"), {"value": "35", "revision": "0"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'id="item-1.4.1"' in html and "tối đa 6 điểm" in html
    assert 'id="crit-1.4" hx-swap-oob="true"' in html and "6/10" in html
    assert 'id="group-1" hx-swap-oob="true"' in html
    assert FactEntry.objects.get(code="1.4.1").value == 35


def test_decimal_comma_is_read_as_a_number(client, teacher, participation):
    client.force_login(teacher)
    client.post(
        url(participation, "1.6.1"), {"value": "45,5", "revision": "0"}, HTTP_HX_REQUEST="true"
    )
    assert FactEntry.objects.get(code="1.6.1").value == 45.5


def test_bad_value_is_shown_with_the_typed_text_and_nothing_saved(client, teacher, participation):
    client.force_login(teacher)
    html = client.post(
        url(participation, "1.4.1"), {"value": "-3", "revision": "0"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "1.4.1" in html and 'value="-3"' in html and "field-error" in html
    assert not FactEntry.objects.exists()


def test_a_percentage_is_entered_as_two_counts_and_derived(client, teacher, participation):
    client.force_login(teacher)
    html = client.post(
        url(participation, "1.6.1"),
        {"part": "27", "whole": "40", "revision": "0"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    entry = FactEntry.objects.get(code="1.6.1")
    assert entry.value == 67.5 and entry.details == {"part": 27, "whole": 40}
    assert "= 67,5 %" in html


def test_a_part_above_its_whole_is_refused_with_the_typed_counts(client, teacher, participation):
    client.force_login(teacher)
    html = client.post(
        url(participation, "1.6.1"),
        {"part": "50", "whole": "40", "revision": "0"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    assert "không được lớn hơn tổng số (40)" in html
    assert 'value="50"' in html and 'value="40"' in html
    assert not FactEntry.objects.exists()


def test_details_are_saved_with_the_fact_and_a_bad_link_is_refused(client, teacher, participation):
    client.force_login(teacher)
    post = {"value": "true", "software_name": "VNEdu LMS", "provenance": "rented", "revision": "0"}
    html = client.post(
        url(participation, "1.3.2"), {**post, "link": "vnedu"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "đường link “vnedu” không hợp lệ" in html and 'value="VNEdu LMS"' in html
    assert not FactEntry.objects.exists()
    client.post(
        url(participation, "1.3.2"),
        {**post, "link": "https://lms.example.edu.vn"},
        HTTP_HX_REQUEST="true",
    )
    assert FactEntry.objects.get(code="1.3.2").details == {
        "software_name": "VNEdu LMS",
        "provenance": "rented",
        "link": "https://lms.example.edu.vn",
    }


def test_fewer_points_need_a_reason_and_more_than_suggested_are_refused(
    client, teacher, participation
):
    client.force_login(teacher)
    post = {"value": "35", "revision": "0"}
    html = client.post(
        url(participation, "1.4.1"), {**post, "awarded": "4"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "hãy nêu lý do" in html
    html = client.post(
        url(participation, "1.4.1"), {**post, "awarded": "8"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "field-error" in html and not FactEntry.objects.exists()
    client.post(
        url(participation, "1.4.1"),
        {**post, "awarded": "4,5", "reason": "Một số học liệu chưa được duyệt"},
        HTTP_HX_REQUEST="true",
    )
    entry = FactEntry.objects.get(code="1.4.1")
    assert float(entry.awarded) == 4.5 and entry.reason == "Một số học liệu chưa được duyệt"


def test_stale_save_is_refused_on_screen(client, teacher, head_a, participation):
    client.force_login(head_a)
    client.post(
        url(participation, "1.3.1"), {"value": "true", "revision": "0"}, HTTP_HX_REQUEST="true"
    )
    client.force_login(teacher)
    html = client.post(
        url(participation, "1.3.1"), {"value": "false", "revision": "0"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "chưa được lưu" in html and "“Có”" in html
    assert FactEntry.objects.get(code="1.3.1").value is True


def test_without_javascript_a_save_returns_to_the_form(client, teacher, participation):
    client.force_login(teacher)
    response = client.post(url(participation, "1.4.1"), {"value": "12", "revision": "0"})
    assert response.status_code == 302 and response.url == url(participation)


@pytest.mark.parametrize(
    ("persona", "view", "save"),
    [
        ("teacher", 200, 200),
        ("head_a", 200, 200),
        ("officer_x", 200, 404),
        ("officer_y", 404, 404),
        ("viewer_s", 200, 404),
    ],
)
def test_who_may_see_and_who_may_fill_the_form(client, request, participation, persona, view, save):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(participation)).status_code == view
    response = client.post(
        url(participation, "1.4.1"), {"value": "5", "revision": "0"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == save
