"""The open data's UUIDs: written from a record's keys, read back, and nobody else's."""

import uuid

import pytest

from widunetz.identifiers import KINDS, identifier, keys_of, read


def test_a_records_uuid_is_the_same_every_time_and_reads_back_to_its_key():
    assert identifier("organization", 12) == identifier("organization", 12)
    assert read(identifier("organization", 12)) == ("organization", (12,))
    assert read(str(identifier("contact", 7))) == ("contact", (7,))


def test_it_is_an_rfc_9562_version_8_uuid():
    value = identifier("location", 3)
    assert value.version == 8 and value.variant == uuid.RFC_4122


@pytest.mark.parametrize(
    ("kind", "keys"),
    [("service", (4, 17)), ("service", (2**31 - 1, 1)), ("service_at_location", (9, 3, 5))],
)
def test_objects_made_of_several_keys_read_back_to_them(kind, keys):
    assert keys_of(identifier(kind, *keys), kind, arity=len(keys)) == keys


def test_different_kinds_and_keys_give_different_uuids():
    seen = {identifier(kind, key) for kind in KINDS for key in (1, 2, 3)}
    assert len(seen) == len(KINDS) * 3


@pytest.mark.parametrize(
    "value",
    [
        "",
        "gestern",
        "123",
        "9c5b94b1-35ad-49bb-b118-8e8fc24abf80",
        str(uuid.UUID(int=0)),
        None,
        12,
        "\x00",
    ],
)
def test_anything_else_reads_as_nothing(value):
    assert read(value) is None
    assert keys_of(value, "organization") is None


def test_a_uuid_of_another_kind_is_not_taken_for_this_one():
    assert keys_of(identifier("contact", 5), "organization") is None


def test_a_key_too_large_for_its_place_is_refused():
    with pytest.raises(ValueError):
        identifier("service", 2**31, 1)
