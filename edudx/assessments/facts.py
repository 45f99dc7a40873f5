"""The facts of a self-assessment, saved one at a time: the lock every change of an assessment
takes, the revision check that refuses a stale save, and the result computed from what is saved."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from edudx.assessments import details as item_details
from edudx.assessments import standing
from edudx.assessments.errors import AssessmentError
from edudx.assessments.models import EDITABLE_STATES, FactEntry, Participation, SelfAssessment
from edudx.core.errors import DomainError
from edudx.core.models import record
from edudx.frameworks.schema import fmt
from edudx.frameworks.scoring import FactsError, score, suggested_cap, validate_facts

LOCKED_MESSAGE = (
    "Bản tự đánh giá đã được phê duyệt hoặc đã nộp nên không sửa được nữa; thủ trưởng cần mở lại "
    "(hoặc hủy nộp) trước khi sửa."
)


class StaleFact(AssessmentError):
    """Someone saved this fact since the editor loaded it: the save is refused, nothing is lost,
    and the message shows the value now stored."""

    def __init__(self, entry: FactEntry):
        who = entry.updated_by.get_full_name() if entry.updated_by else "người khác"
        when = timezone.localtime(entry.updated_at).strftime("%H:%M %d/%m/%Y")
        super().__init__(
            f"Mục {entry.code} vừa được {who} lưu lúc {when} với giá trị {_shown(entry.value)}; "
            "giá trị của bạn chưa được lưu. Hãy xem lại rồi lưu lại.",
            field=entry.code,
        )
        self.entry = entry


def _shown(value) -> str:
    if value is True:
        return "“Có”"
    if value is False:
        return "“Không”"
    return "“(trống)”" if value is None else f"“{value}”"


def lock_editable(
    assessment: SelfAssessment,
    *,
    error: type[DomainError] = AssessmentError,
    message: str = LOCKED_MESSAGE,
    related: tuple[str, ...] = (),
) -> SelfAssessment:
    """The assessment's row, locked until the transaction ends — or `error(message)` when its
    state no longer lets the institution change anything (approved, submitted, under review…).
    Every change of facts, evidence, council or report goes through here."""
    rows = SelfAssessment.objects.select_for_update()
    if related:
        rows = rows.select_related(*related)
    # Locked by its participation, so that an assessment already saved costs one query (the row
    # is not trusted from the object: see `started`); a blank one is created first.
    locked = rows.filter(participation_id=assessment.participation_id).first()
    if locked is None:
        started(assessment)
        locked = rows.get(pk=assessment.pk)
    elif assessment.pk != locked.pk:
        assessment.pk, assessment.state = locked.pk, locked.state
        assessment._state.adding = False
    if _participation_in_hand(assessment):
        # the same row the caller read (institution, campaign, index): not read again for the
        # audit record's label or the standing
        locked.participation = assessment.participation
    if locked.state not in EDITABLE_STATES:
        raise error(message)
    return locked


def _participation_in_hand(assessment: SelfAssessment) -> bool:
    return SelfAssessment.participation.is_cached(assessment)


def assessment_for(participation: Participation, *, read_with_it: bool = False) -> SelfAssessment:
    """The participation's self-assessment — or, when nothing was saved yet, a blank one that is
    not in the database (reading never writes: the row appears with the first change). A blank
    assessment is a draft with empty lists; the change that needs a row calls `started`.
    `read_with_it`: the caller has just read the participation with its assessment (in one
    query): that one is used, not read again."""
    if read_with_it and Participation.assessment.is_cached(participation):
        existing = getattr(participation, "assessment", None)
    else:
        existing = SelfAssessment.objects.filter(participation=participation).first()
    if existing is not None:
        existing.participation = participation  # already read: not read again
        return existing
    return SelfAssessment.blank(participation)


def start_assessment(participation: Participation) -> SelfAssessment:
    """The participation's self-assessment row, created if need be (a write path: services that
    change something, the demo data, tests that set a file up)."""
    return SelfAssessment.objects.get_or_create(participation=participation)[0]


def started(assessment: SelfAssessment) -> SelfAssessment:
    """Make a blank assessment real (a write path, inside the caller's transaction); the same
    object then carries the row's primary key."""
    # Asked by the participation, not trusted from the object: a refused change rolls back the
    # row it created, and the same object may be used again.
    row = SelfAssessment.objects.get_or_create(participation_id=assessment.participation_id)[0]
    if assessment.pk != row.pk:
        assessment.pk = row.pk
        assessment.state = row.state
        assessment._state.adding = False
    return assessment


@transaction.atomic
def save_fact(
    assessment: SelfAssessment,
    code: str,
    value,
    *,
    revision: int,
    by,
    awarded: float | None = None,
    reason: str = "",
    details: dict | None = None,
) -> FactEntry:
    """Store one fact (and optional lower awarded points with their reason, and the details its
    rule asks), checked by the same rules as the scoring engine; refused when the assessment is
    locked or the fact changed since `revision`. A percentage given as two counts is derived
    from them. Saving confirms an item carried from last year. `details=None` keeps the stored
    details."""
    assessment.__dict__.pop(AFTER_SAVE, None)
    locked = lock_editable(assessment)
    fw = assessment.participation.version.framework()  # the same participation, maybe in hand
    spec = fw.fact_codes().get(code)
    if spec is not None and details is not None:
        kind = spec.kind
        details = item_details.clean_details(code, kind, spec.details, details)
        derived = item_details.derived_percentage(details)
        if derived is not None:
            value = derived
    try:
        checked = validate_facts(
            fw,
            {code: value},
            awarded={code: awarded} if awarded is not None else None,
        )
    except FactsError as exc:
        field, message = next(iter(exc.errors.items()))
        raise AssessmentError(f"Mục {code}: {message}", field=field) from None
    if awarded is not None and value is not None:
        cap = suggested_cap(fw, fw.fact_codes()[code], checked.values[code])[0]
        if awarded < cap and not reason.strip():
            raise AssessmentError(
                f"Mục {code}: chấm {fmt(awarded)} điểm, thấp hơn mức gợi ý {fmt(cap)}; hãy nêu lý do.",
                field="reason",
            )
    # Every change of facts holds the assessment's lock (`lock_editable`), so its facts read now
    # (locked too, for any writer that would not) are those the change applies to: read once,
    # they give the fact to check, then the stored standing and the answer.
    entries = list(locked.facts.select_for_update(of=("self",)))
    entry = next((e for e in entries if e.code == code), None)
    if entry is None:  # written only if something is saved
        entry = FactEntry(assessment=locked, code=code)
        entries.append(entry)
    if entry.revision != revision:
        raise StaleFact(entry)
    before = _snapshot(entry)
    entry.value = value
    entry.awarded = awarded
    entry.reason = reason.strip() if awarded is not None else ""
    if details is not None:
        entry.details = details
    entry.carried = False
    after = _snapshot(entry)
    if after == before:  # nothing changed: nothing written, nothing in the history
        return entry
    entry.revision += 1
    entry.updated_by = by
    entry.save()
    standing.refresh_one(locked, entries)
    record("assessment.fact", locked, actor=by, before=before, after=after, note=code)
    assessment.__dict__[AFTER_SAVE] = entries
    return entry


#: Where `save_fact` leaves, on the caller's assessment, the facts it read after a change
#: (`current_facts`); cleared at the start of every save, so a refused one leaves nothing.
AFTER_SAVE = "_facts_after_save"


def current_facts(assessment: SelfAssessment) -> list[FactEntry]:
    """The assessment's facts: those the last `save_fact` on this object read in its transaction
    (the answer to an autosave shows them), or one query."""
    kept = assessment.__dict__.get(AFTER_SAVE)
    if kept is not None:
        return kept
    return list(assessment.facts.all())


def _snapshot(entry: FactEntry) -> dict:
    return {
        "value": entry.value,
        "awarded": _float(entry.awarded),
        "reason": entry.reason,
        "details": entry.details or {},
        "carried": entry.carried,
    }


def _float(value):
    return None if value is None else float(value)


def assessment_result(assessment: SelfAssessment, entries=None):
    """Points and levels of everything saved so far (the engine computes; nothing is stored).
    `entries`: the assessment's facts when the caller has read them already."""
    fw = assessment.participation.version.framework()
    entries = list(assessment.facts.all()) if entries is None else entries
    facts = validate_facts(
        fw,
        {e.code: e.value for e in entries if e.value is not None},
        awarded={e.code: float(e.awarded) for e in entries if e.awarded is not None} or None,
    )
    return score(fw, facts)
