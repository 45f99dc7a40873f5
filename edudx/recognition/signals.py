"""Events of recognition that other apps react to (notifications). Receivers connect in their
own `AppConfig.ready`; recognition never imports them."""

from django.dispatch import Signal

#: A recognition decision was issued. Argument: decision.
decision_issued = Signal()
#: A decision's results were made public. Argument: decision.
decision_published = Signal()
