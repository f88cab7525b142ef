"""A database state built once per process and written back for the next tests.

Building the scope tests' world (tests/scope_world.py) loads the brochure with its
whole history, some 1,500 queries, for every test. A ``Recording`` builds it the
first time and keeps every row of every table and the state of the id sequences as
the build left them. Each later test, starting from the same database, gets those
rows written back with plain INSERTs instead – and the database is then compared,
table by table and sequence by sequence, with the one the build left; if anything
differs the write-back is rolled back and the world is built again. So a test sees
exactly the rows a build would have given it.
"""

import datetime

from django.db import connection, transaction


class Recording:
    def __init__(self):
        self.before = None  # the database the build started from
        self.after = None  # … and the one it left
        self.result = None  # what the build returned

    def build_or_write_back(self, build):
        """Leave the database as ``build()`` would; return what it returned the last time.

        Written back only when the database is the one the recorded build started from.
        """
        before = snapshot()
        if before is not None and before == self.before and self._write_back():
            return self.result
        result = build()
        self.before, self.after, self.result = before, snapshot(), result
        return result

    def _write_back(self):
        try:
            with transaction.atomic():
                write(self.before, self.after)
                if snapshot() != self.after:
                    raise Differs
        except Differs:
            return False
        return True


class Differs(Exception):
    pass


def snapshot():
    """Every row of every table (in a fixed order) and every id sequence; None if unknown."""
    if connection.vendor not in SEQUENCES:
        return None
    quote = connection.ops.quote_name
    tables = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            columns = tuple(column[0] for column in cursor.description)
            tables[table] = (columns, sorted(cursor.fetchall(), key=repr))
        cursor.execute(SEQUENCES[connection.vendor])
        sequences = cursor.fetchall()
    return {"tables": tables, "sequences": sequences}


SEQUENCES = {
    "postgresql": "SELECT schemaname, sequencename, last_value FROM pg_sequences ORDER BY 1, 2",
    "sqlite": "SELECT name, seq FROM sqlite_sequence ORDER BY 1",
}


def write(before, after):
    """Turn the database ``before`` into ``after``: the tables that differ, then the ids."""
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, (columns, rows) in after["tables"].items():
            if before["tables"].get(table) == (columns, rows):
                continue
            cursor.execute(f"DELETE FROM {quote(table)}")
            if rows:
                names = ", ".join(quote(column) for column in columns)
                values = ", ".join(["%s"] * len(columns))
                cursor.executemany(
                    f"INSERT INTO {quote(table)} ({names}) VALUES ({values})", map(adapted, rows)
                )
        if connection.vendor == "sqlite":
            # INSERTs with ids move SQLite's counters along; set them to where the build left them.
            cursor.execute("DELETE FROM sqlite_sequence")
            cursor.executemany(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", after["sequences"]
            )
        else:
            for schema, name, last_value in after["sequences"]:
                sequence = f"{quote(schema)}.{quote(name)}"
                if last_value is None:
                    cursor.execute("SELECT setval(%s, 1, false)", [sequence])
                else:
                    cursor.execute("SELECT setval(%s, %s)", [sequence, last_value])


def adapted(row):
    """``row`` as the database takes it back: SQLite reads times as datetime.time (Django
    converts them), but its driver has no adapter to write one; Django stores the text."""
    return [str(value) if isinstance(value, datetime.time) else value for value in row]
