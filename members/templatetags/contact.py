"""Consultation hours, ages and lists in the visitor's language, for the contact pages.

Weekday names come from Django's own translations (``django.utils.dates``), so each
interface language names its days as it does everywhere else in Django; the
sentences around them are ours.
"""

from django import template
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from institutions.models import WeekOfMonth
from widunetz.translation import localized

register = template.Library()


@register.filter
def weekday_name(number):
    """0 → "Montag" (Monday first, as ConsultationHour.weekday and Python count)."""
    return str(WEEKDAYS[number])


def _nth_weekday(week, weekday):
    # One sentence each: the ordinal's form depends on the language (and in German on
    # the weekday's gender, which every weekday shares).
    sentences = {
        WeekOfMonth.FIRST: _("jeden ersten %(weekday)s im Monat"),
        WeekOfMonth.SECOND: _("jeden zweiten %(weekday)s im Monat"),
        WeekOfMonth.THIRD: _("jeden dritten %(weekday)s im Monat"),
        WeekOfMonth.FOURTH: _("jeden vierten %(weekday)s im Monat"),
        WeekOfMonth.LAST: _("jeden letzten %(weekday)s im Monat"),
    }
    return sentences[week] % {"weekday": weekday}


@register.filter
def hour_rule(hour):
    """How often an hour repeats, in words: "jede Woche", "alle 2 Wochen",
    "jeden ersten Dienstag im Monat"."""
    if hour.week_of_month:
        return _nth_weekday(hour.week_of_month, weekday_name(hour.weekday))
    if hour.every_weeks and hour.every_weeks > 1:
        # The singular never shows in German; other languages need their forms.
        return ngettext("alle %(n)s Woche", "alle %(n)s Wochen", hour.every_weeks) % {
            "n": hour.every_weeks
        }
    return _("jede Woche")


@register.filter
def age_range(holder):
    """The ages someone may come at, in words ("ab 27 Jahren", "von 12 bis 27 Jahren");
    empty without a limit."""
    low, high = holder.minimum_age, holder.maximum_age
    if low is not None and high is not None:
        return ngettext(
            "von %(low)s bis %(high)s Jahr", "von %(low)s bis %(high)s Jahren", high
        ) % {"low": low, "high": high}
    if low is not None:
        return ngettext("ab %(low)s Jahr", "ab %(low)s Jahren", low) % {"low": low}
    if high is not None:
        return ngettext("bis %(high)s Jahr", "bis %(high)s Jahre", high) % {"high": high}
    return ""


@register.simple_tag
def localized_lines(obj, field):
    """An editor's text with one entry a line ("Bitte mitbringen"), in the visitor's
    language: the lines, and whether they fell back to German."""
    text = localized(obj, field)
    lines = [line.strip(" -•\t") for line in text.splitlines()]
    return {"lines": [line for line in lines if line], "is_fallback": text.is_fallback}
