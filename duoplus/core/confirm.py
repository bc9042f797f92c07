"""Asking before an irreversible or bulk action.

The action's button posts its form once without ``bevestigd``: the view answers with a page
that says what will happen (and, where it matters, what is unfinished) and a second form
that posts the same fields again with ``bevestigd=1``. Plain HTML forms, so it works without
JavaScript and with the keyboard; the action itself stays one POST to one URL, and the
service behind it still checks everything."""

from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

CONFIRM_FIELD = "bevestigd"
ACKNOWLEDGE_FIELD = "akkoord"


@dataclass
class Choice:
    """A decision made on the confirmation page itself (radio buttons): ``name`` is posted
    with the value chosen, ``default`` is chosen to begin with."""

    name: str
    legend: str
    options: list[tuple[str, str]]
    default: str


@dataclass
class Question:
    heading: str
    button: str
    cancel_url: str
    text: list[str] = field(default_factory=list)
    items_heading: str = ""
    items: list[str] = field(default_factory=list)
    # A box to tick on top of the button, for a deliberate "yes, even so" (e.g. submitting
    # unfinished entries); empty: none.
    acknowledge: str = ""
    # Fields of the original form to post again (e.g. which entry).
    carry: dict[str, str] = field(default_factory=dict)
    choice: Choice | None = None


def confirmed(request: HttpRequest) -> bool:
    return request.method == "POST" and request.POST.get(CONFIRM_FIELD) == "1"


def acknowledged(request: HttpRequest) -> bool:
    return request.POST.get(ACKNOWLEDGE_FIELD) == "1"


def ask(request: HttpRequest, question: Question, *, error: str = "") -> HttpResponse:
    """The confirmation page, posting back to the URL the action was posted to."""
    return render(
        request,
        "confirm.html",
        {
            "question": question,
            "action": request.path,
            "error": error,
            "confirm_field": CONFIRM_FIELD,
            "acknowledge_field": ACKNOWLEDGE_FIELD,
        },
        status=400 if error else 200,
    )
