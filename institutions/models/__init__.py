"""The institutions app's models, in four modules:

- offers: topics and counselling languages, and counting both on the lists;
- institution: towns and institutions, with their status and who may come;
- location: the places where institutions receive people;
- contact: phones, consultation hours and closures (of institutions and people).
"""

from .contact import (
    Closure,
    ConsultationHour,
    Held,
    HourMode,
    Phone,
    PhoneKind,
    Weekday,
    WeekOfMonth,
)
from .institution import (
    ContactWays,
    Eligibility,
    Institution,
    InstitutionQuerySet,
    InstitutionStatus,
    Municipality,
)
from .location import Location
from .offers import (
    AgeRange,
    Language,
    OfferQuerySet,
    Service,
    ServiceQuerySet,
    age_range_condition,
    age_range_constraint,
)

__all__ = [
    "AgeRange",
    "Closure",
    "ConsultationHour",
    "ContactWays",
    "Eligibility",
    "Held",
    "HourMode",
    "Institution",
    "InstitutionQuerySet",
    "InstitutionStatus",
    "Language",
    "Location",
    "Municipality",
    "OfferQuerySet",
    "Phone",
    "PhoneKind",
    "Service",
    "ServiceQuerySet",
    "WeekOfMonth",
    "Weekday",
    "age_range_condition",
    "age_range_constraint",
]
