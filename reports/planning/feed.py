"""The personal iCalendar feed: every milestone of the rounds a person may see."""

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from duoplus.core import bounds

from . import selectors
from .selectors import feed_rounds, milestones


def ical(*, user: Any, site_url: str, today: datetime.date | None = None) -> bytes:
    """The person's deadlines as an iCalendar document (bytes): one all-day event per
    milestone of every round they may see."""
    cal = Calendar()
    cal.add("prodid", "-//Duo+ portaal//P&C-kalender//NL")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "Duo+ P&C-kalender")
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().replace(microsecond=0)
    host = site_url.split("://", 1)[-1].split("/", 1)[0] or "duoplus"

    def add(uid: str, day: datetime.date, summary: str, description: str, url: str) -> None:
        if not bounds.FIRST_DATE <= day <= bounds.LAST_DATE:
            return  # planned before the bounds existed: no event rather than no feed
        event = Event()
        event.add("uid", f"{uid}@{host}")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + datetime.timedelta(days=1))
        event.add("summary", summary)
        event.add("description", f"{description}\n{url}")
        event.add("url", url)
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)

    terms: dict = {}
    for item in feed_rounds(user=user, today=today):
        url = site_url + reverse("calendar", args=[item.year])
        about = (
            f"{item.title} ({item.organisation}), periode "
            f"{item.period_start:%d-%m-%Y} t/m {item.period_end:%d-%m-%Y}."
        )
        for milestone in milestones(item=item):
            add(
                f"ronde-{item.pk}-{milestone['name']}",
                milestone["date"],
                f"{milestone['label']}: {item.title}",
                about,
                url,
            )
        for deadline in selectors.legal_deadlines(item=item, terms=terms).deadlines:
            add(
                f"ronde-{item.pk}-wet-{deadline.name}",
                deadline.date,
                f"{deadline.label}: {item.title}",
                f"{about} {deadline.basis}.",
                url,
            )
    # The terms of the procedures ter zienswijze the person may follow (also the griffie
    # and the council members, who have no P&C calendar).
    for consultation in selectors.feed_consultations(user=user, today=today):
        report = consultation.report
        url = site_url + reverse("reports:consultation", args=[report.pk])
        add(
            f"zienswijze-{consultation.pk}-termijn",
            consultation.term_end,
            f"Einde termijn zienswijze: {report.title}",
            f"{report.title} ({report.organisation}) ligt ter zienswijze bij de raden tot en "
            f"met {consultation.term_end:%d-%m-%Y} (Wgr art. 35).",
            url,
        )
        if consultation.governing_board_meeting:
            add(
                f"zienswijze-{consultation.pk}-bestuur",
                consultation.governing_board_meeting,
                f"Bestuur besluit over: {report.title}",
                f"Het algemeen bestuur van {report.organisation} behandelt de {report.title} "
                "met de zienswijzen (gepland).",
                url,
            )
    return cal.to_ical()
