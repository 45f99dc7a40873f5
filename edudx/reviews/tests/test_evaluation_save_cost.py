"""What one save of the evaluator's form costs in queries: a fixed number, pinned."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from edudx.reviews import services

pytestmark = pytest.mark.django_db

#: session, user, participation (with campaign, authority, institution, index, assessment), the
#: team role and the user's roles, the team assignment and the evaluation; the evaluation locked
#: (with its assessment, read fresh), the team role again under the lock, the school's fact, the
#: correction (locked) and its update, the audit record (3; 2 on PostgreSQL, where the record and
#: its chain head are one statement); the answer: the school's facts and the corrections. Was 29
#: before the participation was carried along and the guidance skipped.
EVALUATION_SAVE_QUERIES = 17 if connection.vendor != "postgresql" else 16


def statements(ctx) -> list[str]:
    skip = ("BEGIN", "COMMIT", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK")
    return [q["sql"] for q in ctx.captured_queries if not q["sql"].upper().startswith(skip)]


def test_an_evaluation_autosave_costs_a_fixed_number_of_queries(
    client, submitted, team, officer_x, team_member
):
    services.accept(submitted, by=officer_x)
    url = f"/tham-dinh/danh-gia/{submitted.participation_id}/muc/1.4.1/"
    client.force_login(team_member)
    first = {"value": "5", "awarded": "", "comment": "Chỉ 5", "revision": "0"}
    client.post(url, first, headers={"HX-Request": "true"})
    with CaptureQueriesContext(connection) as ctx:
        body = client.post(
            url, {**first, "value": "4", "revision": "1"}, headers={"HX-Request": "true"}
        ).content.decode()
    assert 'id="eval-1.4.1"' in body and "field-error" not in body
    assert len(statements(ctx)) == EVALUATION_SAVE_QUERIES, "\n".join(
        s[:200] for s in statements(ctx)
    )
