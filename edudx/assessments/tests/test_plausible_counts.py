"""A count is a whole number from 0 to MAX_COUNT (frameworks/facts.py), wherever it is typed: no
"1e9" learning materials, no 2.5 teachers, no negative count; the message names the item."""

import pytest

from edudx.assessments.details import DetailsError, clean_details
from edudx.assessments.errors import AssessmentError
from edudx.assessments.facts import assessment_for, save_fact
from edudx.assessments.models import FactEntry
from edudx.frameworks.scoring import MAX_COUNT, FactsError, validate_facts

pytestmark = pytest.mark.django_db


def url(p, code):
    return f"/tu-danh-gia/{p.pk}/muc/{code}/"


def test_the_bound_is_a_million():
    assert MAX_COUNT == 1_000_000


@pytest.mark.parametrize("value", [1e9, MAX_COUNT + 1, 2.5, -1])
def test_engine_refuses_an_implausible_count(participation, value):
    fw = participation.version.framework()
    with pytest.raises(FactsError) as exc:
        validate_facts(fw, {"1.4.1": value})
    assert "1.4.1" in exc.value.errors


def test_engine_accepts_the_bound_itself(participation):
    fw = participation.version.framework()
    assert validate_facts(fw, {"1.4.1": MAX_COUNT}).values["1.4.1"] == MAX_COUNT


@pytest.mark.parametrize(
    ("typed", "message"),
    [("1e9", "quá lớn"), ("2,5", "số nguyên"), ("-1", "số nguyên không âm")],
)
def test_form_refuses_an_implausible_count_naming_the_item(
    client, teacher, participation, typed, message
):
    client.force_login(teacher)
    html = client.post(
        url(participation, "1.4.1"), {"value": typed, "revision": "0"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "field-error" in html and "Mục 1.4.1" in html and message in html
    assert not FactEntry.objects.exists()


def test_service_message_names_the_item_and_the_bound(participation, teacher):
    with pytest.raises(AssessmentError, match=r"Mục 1\.4\.1: .*quá lớn.*1\.000\.000"):
        save_fact(assessment_for(participation), "1.4.1", 10**9, revision=0, by=teacher)


@pytest.mark.parametrize("name", ["part", "whole"])
def test_the_counts_of_a_percentage_share_the_bound(name):
    raw = {"part": "30", "whole": "40", name: str(MAX_COUNT + 1)}
    with pytest.raises(DetailsError, match=r"Mục 1\.6\.2: số lượng 1000001 quá lớn") as exc:
        clean_details("1.6.2", "percentage", (), raw)
    assert exc.value.field == name
    assert clean_details("1.6.2", "percentage", (), {"part": "3", "whole": str(MAX_COUNT)})


@pytest.mark.parametrize("typed", ["1e9", "2.5", "-1"])
def test_the_counts_of_a_percentage_are_whole_numbers(typed):
    with pytest.raises(DetailsError, match=r"Mục 1\.6\.2"):
        clean_details("1.6.2", "percentage", (), {"part": typed, "whole": "40"})
