"""Two council members save the same item at the same moment: the row lock makes one of them
win and the other get the stale-value refusal — never a silent overwrite. PostgreSQL only: SQLite
serialises every write to the whole database, so there is no race to lose there."""

import threading

import pytest
from django.db import connection, connections

from edudx.assessments.facts import StaleFact, save_fact, start_assessment
from edudx.assessments.models import FactEntry

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are exercised on PostgreSQL"
    ),
]


def test_two_simultaneous_saves_of_the_same_item_one_wins_one_is_refused(
    participation, head_a, teacher
):
    assessment = start_assessment(participation)
    start = threading.Barrier(2)
    outcomes = {}

    def save(user, value):
        try:
            start.wait()
            save_fact(assessment, "1.4.1", value, revision=0, by=user)
            outcomes[user.username] = "saved"
        except StaleFact:
            outcomes[user.username] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(head_a, 12)),
        threading.Thread(target=save, args=(teacher, 30)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert sorted(outcomes.values()) == ["refused", "saved"]
    entry = FactEntry.objects.get(code="1.4.1")
    winner = next(name for name, outcome in outcomes.items() if outcome == "saved")
    assert entry.revision == 1 and entry.updated_by.username == winner
    assert entry.value == (12 if winner == head_a.username else 30)
