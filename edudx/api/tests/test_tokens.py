"""API tokens: stored hashed and shown once, scoped to the issuing unit's subtree, read-only when
issued so, dead once expired or revoked, every use audited, requests counted per minute."""

import datetime as dt

import pytest
from django.utils import timezone

from edudx.accounts.models import ApiToken
from edudx.accounts.tokens import TokenError, issue_token, revoke_token
from edudx.api.tests.conftest import Api, token_for
from edudx.core.models import AuditRecord


def test_only_a_digest_of_the_secret_is_stored(head_a, tree):
    token, secret = token_for(head_a, tree["T01"])
    stored = ApiToken.objects.get(pk=token.pk)
    assert secret not in {stored.digest, stored.prefix, stored.name}
    assert stored.digest != secret and len(stored.digest) == 64
    assert secret.startswith(stored.prefix)


def test_a_token_needs_a_name_and_an_expiry_in_the_future_within_a_year(head_a, tree):
    today = timezone.localdate()
    with pytest.raises(TokenError) as exc:
        issue_token(
            tree["T01"], by=head_a, name=" ", read_only=True, expires_on=today + dt.timedelta(1)
        )
    assert exc.value.field == "name"
    with pytest.raises(TokenError) as exc:
        issue_token(tree["T01"], by=head_a, name="x", read_only=True, expires_on=today)
    assert exc.value.field == "expires_on"
    with pytest.raises(TokenError):
        issue_token(
            tree["T01"], by=head_a, name="x", read_only=True, expires_on=today + dt.timedelta(400)
        )


def _expire(token):
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))


def _revoke(token):
    revoke_token(token, by=token.user)


# (case, who issues for which unit, how the token is spoilt, path, expected status)
ROWS = [
    ("own school", "head_a", "T01", None, "/participations/{p}/result", 200),
    ("other school of the same commune", "head_a", "T01", None, "/participations/{q}/result", 404),
    (
        "officer's token cut to one school",
        "officer_x",
        "T01",
        None,
        "/participations/{q}/result",
        404,
    ),
    (
        "officer's token cut to one school, that school",
        "officer_x",
        "T01",
        None,
        "/participations/{p}/result",
        200,
    ),
    ("officer of another commune", "officer_y", "X02", None, "/participations/{p}/result", 404),
    ("expired", "head_a", "T01", _expire, "/participations/{p}/result", 401),
    ("revoked", "head_a", "T01", _revoke, "/participations/{p}/result", 401),
    ("garbage", None, None, None, "/participations/{p}/result", 401),
]


@pytest.mark.parametrize(
    ("case", "who", "unit", "spoil", "path", "status"), ROWS, ids=[r[0] for r in ROWS]
)
def test_token_permission_rows(request, campaign, tree, case, who, unit, spoil, path, status):
    p = campaign.participations.get(institution=tree["T01"]).pk
    q = campaign.participations.get(institution=tree["T02"]).pk
    if who is None:
        api = Api("edx_not-a-token")
    else:
        token, secret = token_for(request.getfixturevalue(who), tree[unit])
        if spoil:
            spoil(token)
        api = Api(secret)
    r = api.get(path.format(p=p, q=q))
    assert r.status_code == status, r.content
    body = r.json()
    assert ("participation" in body) if status == 200 else ("message" in body and "code" in body)


WRITE = {"value": True, "revision": 0}


def test_a_read_only_token_reads_but_never_writes(participation, head_a, tree):
    api = Api(token_for(head_a, tree["T01"], read_only=True)[1])
    assert api.get(f"/participations/{participation.pk}/result").status_code == 200
    r = api.send("put", f"/participations/{participation.pk}/facts/1.1", WRITE)
    assert r.status_code == 403 and r.json()["code"] == "token_read_only"
    r = api.send("post", f"/participations/{participation.pk}/actions/approve")
    assert r.status_code == 403


def test_a_read_write_token_writes_within_its_scope_only(campaign, head_a, officer_x, tree):
    p = campaign.participations.get(institution=tree["T01"]).pk
    q = campaign.participations.get(institution=tree["T02"]).pk
    api = Api(token_for(head_a, tree["T01"])[1])
    assert api.send("put", f"/participations/{p}/facts/1.1", WRITE).status_code == 200
    assert api.send("put", f"/participations/{q}/facts/1.1", WRITE).status_code == 404


def test_a_token_never_grants_more_than_its_issuer_holds(participation, teacher, tree):
    """A teacher's read-write token edits facts but cannot approve (the head's action)."""
    api = Api(token_for(teacher, tree["T01"])[1])
    assert (
        api.send("put", f"/participations/{participation.pk}/facts/1.1", WRITE).status_code == 200
    )
    r = api.send("post", f"/participations/{participation.pk}/actions/approve")
    assert r.status_code == 403 and r.json()["code"] == "head_only"


def test_every_use_of_a_token_is_audited(participation, head_a, tree):
    token, secret = token_for(head_a, tree["T01"])
    Api(secret).get("/units")
    Api(secret).get(f"/participations/{participation.pk}/result")
    uses = AuditRecord.objects.filter(action="api.token.use", object_id=str(token.pk))
    assert [u.note for u in uses.order_by("pk")] == [
        "GET /api/v1/units",
        f"GET /api/v1/participations/{participation.pk}/result",
    ]
    assert all(u.actor_id == head_a.pk for u in uses)


def test_requests_over_the_limit_are_refused_per_token(settings, head_a, tree):
    settings.API_RATE_LIMIT = 3
    first, second = Api(token_for(head_a, tree["T01"])[1]), Api(token_for(head_a, tree["T01"])[1])
    assert [first.get("/units").status_code for _ in range(4)] == [200, 200, 200, 429]
    assert first.get("/units").json()["code"] == "rate_limited"
    assert second.get("/units").status_code == 200  # another token has its own count


def test_the_count_lives_in_the_database_not_in_the_process(settings, head_a, tree):
    """Every application server sees the same count: it is on the token's row."""
    settings.API_RATE_LIMIT = 5
    token, secret = token_for(head_a, tree["T01"])
    Api(secret).get("/units")
    Api(secret).get("/units")
    assert ApiToken.objects.get(pk=token.pk).window_count == 2


def test_sessions_of_logged_in_people_work_too(client, participation, head_a):
    client.force_login(head_a)
    assert Api(client=client).get(f"/participations/{participation.pk}/result").status_code == 200
    assert Api().get("/units").status_code == 401
