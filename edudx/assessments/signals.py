"""Events of the year's file that other apps react to (notifications, the evaluation).

Apps that depend on assessments connect receivers in their `AppConfig.ready`; assessments never
imports them, so dependencies point one way. Receivers run inside the sender's transaction:
anything they send outside (e-mail) must wait for the commit."""

from django.dispatch import Signal

#: An assessment moved by a transition of the table. Arguments: assessment (the locked row),
#: action, before (the previous state), by (the user), reason.
state_changed = Signal()
