"""The domain errors of campaigns and self-assessments, apart from the services that raise them,
so that a form or another app can catch one without importing a service module."""

from edudx.core.errors import DomainError


class CampaignError(DomainError):
    """A campaign that cannot be opened."""


class AssessmentError(DomainError):
    """A change the self-assessment cannot take (locked, stale, invalid)."""


class EvidenceError(AssessmentError):
    """An evidence change that cannot be made."""


class ApprovalRefused(AssessmentError):
    """The head's approval refused while the file is incomplete; `problems` lists every
    `workflow.ApprovalProblem`, so that the page can link each one to its place on the form."""

    def __init__(self, message: str, problems: list):
        super().__init__(message, field="approve")
        self.problems = problems
