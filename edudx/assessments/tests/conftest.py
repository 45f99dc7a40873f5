import pytest

from edudx.assessments import services

YEAR = "2025-2026"


@pytest.fixture
def participation(tree, bundled_frameworks):
    """T01 (TH Lê Lợi) in UBND phường Lê Chân's 2025-2026 campaign, assessed with 4725."""
    v = bundled_frameworks["4725"]
    opened = services.open_campaign(
        authority=tree["X01"],
        school_year=YEAR,
        versions={"primary": v, "lower_secondary": v},
        deadlines=services.default_deadlines(YEAR),
    )
    return opened.campaign.participations.get(institution=tree["T01"])
