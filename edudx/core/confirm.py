"""Nothing irreversible happens by accident: an action that locks, unlocks, publishes or sends
is taken only once the person confirmed it, seeing its consequence in words.

With JavaScript, a form marked `data-confirm="…"` asks in a dialog (static/js/app.js) and adds
`confirmed=1`. Without it — or when a request arrives without `confirmed=1` by any other way —
the view answers `confirmation_page`: the question, the consequence, and a form that sends the
same fields again with `confirmed=1`. The action itself never runs unconfirmed."""

from __future__ import annotations

from django.shortcuts import render

SKIPPED = frozenset({"csrfmiddlewaretoken", "confirmed"})


def confirmed(request) -> bool:
    return request.POST.get("confirmed") == "1"


def confirmation_page(request, *, question: str, consequence: str, back: str, items=()):
    """The page that asks, keeping every field the person sent (a reason, the chosen rows)."""
    fields = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in SKIPPED
        for value in values
    ]
    return render(
        request,
        "core/confirm.html",
        {
            "question": question,
            "consequence": consequence,
            "back": back,
            "fields": fields,
            "items": list(items),
            "action": request.get_full_path(),
        },
    )
