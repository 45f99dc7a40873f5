"""The charts and the large tables are written as HTML in Python (charts.render, tables.py)
rather than by the template engine: names typed into the registry are still escaped everywhere
they appear, and the numbers read as the template printed them."""

from __future__ import annotations

import pytest

from edudx.dashboards import charts
from edudx.dashboards.lines import rebuild
from edudx.organizations.models import Unit

pytestmark = pytest.mark.django_db

NAME = '<b>Lê</b> & "Chân"'
ESCAPED = "&lt;b&gt;Lê&lt;/b&gt; &amp; &quot;Chân&quot;"


def test_names_from_the_registry_are_escaped_in_charts_tables_and_lists(
    client, area, viewer_s, sysadmin
):
    for code in ("X01", "T01", "T03"):
        Unit.objects.filter(code=code).update(name=f"{NAME} {code}")
    rebuild()
    client.force_login(viewer_s)
    department = client.get("/bang-dieu-hanh/S01/").content.decode()
    commune = client.get("/bang-dieu-hanh/X01/").content.decode()
    client.force_login(sysadmin)
    ministry = client.get("/bang-dieu-hanh/BGD/").content.decode()
    assert "<b>Lê</b>" not in department + commune + ministry
    # The commune in the department's chart (an SVG <text>) and in its units table (a link).
    assert f'class="chart-label">{ESCAPED} X01</text>' in department
    assert f'?nam-hoc=2025-2026">{ESCAPED} X01</a></td>' in department
    assert f'<a href="/don-vi/T01/">{ESCAPED} T01</a>' in commune
    assert f"<li>{ESCAPED} T03 — " in ministry  # the "chưa áp dụng" list


def test_chart_numbers_read_as_the_template_printed_them():
    chart = charts.bars(
        "Tiến độ <theo> đơn vị",
        "Tỷ lệ",
        [("X & Y", [200 / 3, 100 - 200 / 3]), ("Z", [100, 0])],
        [("done", "Đã nộp"), ("rest", "Chưa nộp")],
        scale=100,
        text=lambda values: f"{values[0]:.0f}%",
    )
    svg = charts.render(chart, "c-x")
    assert '<title id="c-x-t">Tiến độ &lt;theo&gt; đơn vị</title>' in svg
    assert '<g transform="translate(0 34)">' in svg  # the second row
    assert 'width="166.67" height="14" class="done"><title>Đã nộp: 66,7</title>' in svg
    assert "<title>Đã nộp: 100</title>" in svg  # a whole number without decimals
    assert 'class="chart-label">X &amp; Y</text>' in svg
    assert '<text x="254" y="27" class="chart-value">67%</text>' in svg
    assert '<figcaption class="legend"><span><i class="done"></i>Đã nộp</span>' in svg
    one = charts.render(charts.bars("T", "D", [("a", [3])], [("st", "Cơ sở")]), "c-y")
    assert "figcaption" not in one  # a single series has no legend
