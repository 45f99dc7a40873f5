"""The review's domain error (the form field it concerns, a Vietnamese message)."""

from edudx.assessments.errors import AssessmentError


class ReviewError(AssessmentError):
    """A review action that cannot be taken (wrong state, missing reason or comment, no right)."""
