"""The personal iCalendar feed: every milestone of the rounds a person may see."""

import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from duoplus.core import bounds

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
    for item in feed_rounds(user=user, today=today):
        url = site_url + reverse("calendar", args=[item.year])
        for milestone in milestones(item=item):
            if not bounds.FIRST_DATE <= milestone["date"] <= bounds.LAST_DATE:
                continue  # planned before the bounds existed: no event rather than no feed
            event = Event()
            event.add("uid", f"ronde-{item.pk}-{milestone['name']}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", milestone["date"])
            event.add("dtend", milestone["date"] + datetime.timedelta(days=1))
            event.add("summary", f"{milestone['label']}: {item.title}")
            event.add(
                "description",
                f"{item.title} ({item.organisation}), periode "
                f"{item.period_start:%d-%m-%Y} t/m {item.period_end:%d-%m-%Y}.\n{url}",
            )
            event.add("url", url)
            event.add("transp", "TRANSPARENT")
            cal.add_component(event)
    return cal.to_ical()
