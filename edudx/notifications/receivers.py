"""Who hears of what, wired to the events of the other apps. Connected once, in
`NotificationsConfig.ready`: the apps that change things never import notifications."""

from __future__ import annotations

from django.dispatch import receiver

from edudx.assessments.signals import state_changed
from edudx.notifications import events
from edudx.recognition.signals import decision_issued, decision_published
from edudx.reviews.signals import returned, team_assigned


@receiver(state_changed, dispatch_uid="notifications.state_changed")
def _state_changed(sender, assessment, action, **kwargs):
    if action == "submit":
        events.on_submitted(assessment)


@receiver(returned, dispatch_uid="notifications.returned")
def _returned(sender, round, **kwargs):
    events.on_returned(round.assessment, round.reason, due=round.due)


@receiver(team_assigned, dispatch_uid="notifications.team_assigned")
def _team_assigned(sender, assignment, **kwargs):
    events.on_evaluation_assigned(assignment)


@receiver(decision_issued, dispatch_uid="notifications.decision_issued")
def _decision_issued(sender, decision, **kwargs):
    events.on_recognised(decision)


@receiver(decision_published, dispatch_uid="notifications.decision_published")
def _decision_published(sender, decision, **kwargs):
    events.on_published(decision)
