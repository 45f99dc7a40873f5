"""The form's items and score summaries, written in Python (form_items.py, form_summaries.py):
what people typed goes back escaped, the words follow the page's language, a file that cannot be
changed shows its items disabled, a save sends the totals back out of band."""

import pytest
from django.conf import settings

from edudx.assessments.models import FactEntry

pytestmark = pytest.mark.django_db


def url(p, code=None):
    return f"/tu-danh-gia/{p.pk}/" + (f"muc/{code}/" if code else "")


def item(html: str, code: str) -> str:
    start = html.index(f'<form id="item-{code}"')
    return html[start : html.index("</form>", start)]


def test_typed_markup_comes_back_as_text_not_as_markup(client, teacher, participation):
    client.force_login(teacher)
    html = client.post(
        url(participation, "1.4.1"),
        {"value": '"><script>alert(1)</script>', "revision": "0"},
        HTTP_HX_REQUEST="true",
    ).content.decode()
    shown = item(html, "1.4.1")
    assert "<script>" not in shown and "&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in shown
    assert 'class="field-error"' in shown and not FactEntry.objects.exists()


def test_a_reason_with_markup_is_shown_escaped_in_its_box(client, teacher, participation):
    client.force_login(teacher)
    client.post(
        url(participation, "1.4.1"),
        {"value": "35", "awarded": "4", "reason": "<b>thiếu</b> & chờ", "revision": "0"},
        HTTP_HX_REQUEST="true",
    )
    shown = item(client.get(url(participation)).content.decode(), "1.4.1")
    assert "&lt;b&gt;thiếu&lt;/b&gt; &amp; chờ</textarea>" in shown
    assert '<details class="award" open>' in shown


def test_words_follow_the_page_language_and_numbers_keep_the_decimal_comma(
    client, teacher, participation
):
    """The labels are looked up per language, not once for the first page a process served;
    numbers keep the Vietnamese decimal comma in English too (edudx/formats/en)."""
    client.force_login(teacher)
    client.post(
        url(participation, "1.4.1"),
        {"value": "35", "awarded": "2,5", "reason": "thiếu minh chứng", "revision": "0"},
        HTTP_HX_REQUEST="true",
    )
    vietnamese = item(client.get(url(participation)).content.decode(), "1.4.1")
    assert 'name="awarded" inputmode="decimal" value="2,50"' in vietnamese
    assert "tự chấm thấp hơn điểm gợi ý" in vietnamese and "Lý do" in vietnamese
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = item(client.get(url(participation)).content.decode(), "1.4.1")
    assert 'name="awarded" inputmode="decimal" value="2,50"' in english
    assert "Award fewer points than suggested" in english and "Reason" in english
    assert "Lý do" not in english


def test_items_of_an_approved_file_are_disabled_and_offer_no_save(
    client, head_a, teacher, participation
):
    client.force_login(teacher)
    for code, value in (("1.1", "true"), ("1.4.1", "35")):
        client.post(url(participation, code), {"value": value, "revision": "0"})
    participation.assessment.refresh_from_db()
    participation.assessment.state = "approved"
    participation.assessment.save(update_fields=["state"])
    shown = item(client.get(url(participation)).content.decode(), "1.4.1")
    assert 'name="value" inputmode="decimal" value="35"' in shown
    assert "disabled>" in shown and "<button" not in shown


def test_a_save_sends_back_the_totals_the_progress_and_the_headline_out_of_band(
    client, teacher, participation
):
    participation.campaign.headline_rule = "lowest_group"
    participation.campaign.save(update_fields=["headline_rule"])
    client.force_login(teacher)
    html = client.post(
        url(participation, "1.4.1"), {"value": "35", "revision": "0"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    for opening in (
        '<h3 id="crit-1.4" hx-swap-oob="true">',
        '<h2 id="group-1" hx-swap-oob="true">',
        '<p id="form-progress" class="form-progress" hx-swap-oob="true">',
        '<div id="headline" hx-swap-oob="true"><p class="headline">',
    ):
        assert opening in html
    assert '<span class="answered">1/29 đã nhập</span>' in html
