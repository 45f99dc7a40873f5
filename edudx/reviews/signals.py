"""Events of the review that other apps react to (notifications). Receivers connect in their
own `AppConfig.ready`; reviews never imports them."""

from django.dispatch import Signal

#: A team was assigned to evaluate an institution. Argument: assignment (a TeamAssignment).
team_assigned = Signal()
#: A file was returned for supplement. Argument: round (a ReturnRound, with its deadline).
returned = Signal()
