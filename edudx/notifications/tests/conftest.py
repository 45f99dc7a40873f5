import pytest

from edudx.assessments import services

YEAR = "2025-2026"


@pytest.fixture
def campaign(tree, bundled_frameworks):
    """UBND phường Lê Chân's 2025-2026 campaign (T01, T02); self-assessment due 31/05/2026."""
    v = bundled_frameworks["4725"]
    return services.open_campaign(
        authority=tree["X01"],
        school_year=YEAR,
        versions={"primary": v, "lower_secondary": v},
        deadlines=services.default_deadlines(YEAR),
    ).campaign
