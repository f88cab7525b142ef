"""Stable identifiers for the open data: UUIDs that name a record for as long as it exists.

HSDS (the Open Referral standard the API and the downloads follow) names every
object by a UUID that must not change when the record is edited. The directory's
records keep their primary keys for life (neither SQLite's AUTOINCREMENT nor
PostgreSQL's sequences reuse one, and a recovered record gets its old key back), so
the UUID is written from the keys rather than stored: an RFC 9562 version 8
("custom") UUID whose bits are a fixed prefix for this directory, the kind of
object, and the keys it is made of. Nothing to migrate, nothing a revert to an old
version could lose, and a UUID in a request is read back into keys without a lookup
table. Objects HSDS has and the directory has not as rows of their own (a service
is an institution's offer of one topic) are named by the keys they are made of.


identifier("organization", 12) gives the same UUID every time; read() gives back
("organization", (12,)).
"""

import hashlib
import uuid

# The first 48 bits: this directory's own, so that its UUIDs collide with nobody's.
PREFIX = int.from_bytes(hashlib.sha256(b"widunetz Kreis Herford").digest()[:6], "big")
# The kinds, for the 12 bits after the version; never renumber one, only add.
KINDS = {
    "organization": 1,
    "service": 2,
    "location": 3,
    "service_at_location": 4,
    "schedule": 5,
    "phone": 6,
    "contact": 7,
    "service_area": 8,
    "language": 9,
    "taxonomy": 10,
    "taxonomy_term": 11,
    "accessibility": 12,
    "address": 13,
    "event": 14,
    "attribute": 15,
    "cost_option": 16,
    "required_document": 17,
    "organization_identifier": 18,
    "url": 19,
    "metadata": 20,
}
NAMES = {number: name for name, number in KINDS.items()}
# How the 62 bits after the variant are shared between the keys an object is made of.
LAYOUTS = {1: (62,), 2: (31, 31), 3: (24, 14, 24)}


def identifier(kind, *keys):
    """The UUID of the object of ``kind`` made of ``keys`` (positive integers)."""
    widths = LAYOUTS[len(keys)]
    packed = 0
    for key, width in zip(keys, widths, strict=True):
        if not 0 <= key < 1 << width:
            raise ValueError(f"key {key} does not fit {width} bits")
        packed = packed << width | key
    value = PREFIX << 80 | 0x8 << 76 | KINDS[kind] << 64 | 0b10 << 62 | packed
    return uuid.UUID(int=value)


def read(value, arity=None):
    """``(kind, keys)`` of a UUID written by ``identifier`` (a UUID or its text), or None.

    ``arity`` says how many keys the caller expects (a service has two); without it,
    one. Anything else (not a UUID, another prefix or version, an unknown kind) is None.
    """
    try:
        number = (value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))).int
    except (ValueError, TypeError, AttributeError):
        return None
    if number >> 80 != PREFIX or (number >> 76) & 0xF != 0x8 or (number >> 62) & 0b11 != 0b10:
        return None
    kind = NAMES.get((number >> 64) & 0xFFF)
    if kind is None:
        return None
    widths = LAYOUTS[arity or 1]
    packed, keys = number & ((1 << 62) - 1), []
    for width in reversed(widths):
        keys.append(packed & ((1 << width) - 1))
        packed >>= width
    return kind, tuple(reversed(keys))


def keys_of(value, kind, arity=1):
    """The keys of a UUID that names an object of ``kind``, or None for any other value."""
    found = read(value, arity)
    if found is None or found[0] != kind:
        return None
    return found[1]
