"""The workbooks offices download open in LibreOffice Calc and lay out to pages with their data."""

import io

from edudx.assessments.campaigns import default_deadlines, open_campaign
from edudx.core.tests.office import convert_to_pdf, problems
from edudx.workbooks import exporters
from edudx.workbooks.offline import offline_workbook

YEAR = "2025-2026"


def test_every_workbook_export_opens_in_libreoffice(tree, bundled_frameworks, participation):
    from edudx.assessments.facts import start_assessment

    assessment = start_assessment(participation)
    v = bundled_frameworks["4725"]
    department = open_campaign(
        authority=tree["S01"],
        school_year=YEAR,
        versions={"primary": v, "lower_secondary": v, "upper_secondary": v},
        deadlines=default_deadlines(YEAR),
        cascade=True,
    ).campaign
    files, expected = {}, {}
    for name, campaign, children, shown in (
        ("authority.xlsx", participation.campaign, False, participation.institution.name),
        ("department.xlsx", department, True, tree["T10"].name),
    ):
        out = io.BytesIO()
        exporters.authority_workbook(campaign, out, with_children=children)
        files[name], expected[name] = out.getvalue(), shown
    out = io.BytesIO()
    exporters.detail_workbook(participation, assessment, out)
    files["detail.xlsx"], expected["detail.xlsx"] = out.getvalue(), "1.4.1"
    files["offline.xlsx"] = offline_workbook(participation, assessment)
    expected["offline.xlsx"] = participation.institution.name
    assert problems(convert_to_pdf(files), expected) == []
