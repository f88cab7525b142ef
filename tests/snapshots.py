"""A snapshot of every table, taken before and after a request, and what changed between.

The admin walks (tests/test_admin_scope_walk.py, tests/test_editor_review.py) and the
scope tests compare them to prove a refused request wrote nothing.
"""

from django.apps import apps
from django.db import connection

IGNORED_TABLES = {"django_session", "widunetz_cache", "axes_accesslog"}


def dump():
    """Every row of every table, as {model label: {pk: {attname: value}}}.

    One plain SELECT per table: the walk takes this snapshot after each of its
    requests, and building the ORM queries for some forty tables every time cost more
    than the requests themselves. The values are the database's own (SQLite gives
    booleans as 0 and 1, times as text), which shows a change as surely as the ORM's.
    """
    tables = {}
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            meta = model._meta
            if meta.db_table in IGNORED_TABLES or not meta.managed:
                continue
            if meta.parents or meta.proxy:  # columns in another table: let the ORM join
                rows = model._base_manager.values()
                tables[meta.label] = {row[meta.pk.attname]: row for row in rows}
                continue
            names = [field.attname for field in meta.concrete_fields]
            columns = ", ".join(quote_name(field.column) for field in meta.concrete_fields)
            cursor.execute(f"SELECT {columns} FROM {quote_name(meta.db_table)}")
            key = names.index(meta.pk.attname)
            rows = cursor.fetchall()
            tables[meta.label] = {row[key]: dict(zip(names, row, strict=True)) for row in rows}
    return tables


def quote_name(name):
    return connection.ops.quote_name(name)


def rows_written():
    """How many rows this connection has inserted, changed or deleted so far (on
    PostgreSQL: in this transaction, which a test never leaves); rolled-back ones count."""
    if connection.vendor == "sqlite":
        return connection.connection.total_changes
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
            " FROM pg_stat_xact_user_tables WHERE relname <> ALL(%s)",
            [sorted(IGNORED_TABLES)],
        )
        return cursor.fetchone()[0]


class Snapshots:
    """dump() after each request of a walk, read anew only when rows were written since:
    most of an attacker's requests are refused and write nothing, and the dump of every
    table cost as much as the requests themselves."""

    def __init__(self):
        self.written, self.tables = None, None

    def take(self):
        connection.ensure_connection()
        written = rows_written()
        if written != self.written:
            self.written, self.tables = written, dump()
        return self.tables


def changes(before, after):
    """(model label, pk, what) for every row added, changed or removed."""
    found = []
    for label, rows in after.items():
        old = before.get(label, {})
        for pk, row in rows.items():
            if pk not in old:
                found.append((label, pk, "added"))
            elif old[pk] != row:
                found.append((label, pk, "changed"))
        found += [(label, pk, "removed") for pk in old if pk not in rows]
    return found
