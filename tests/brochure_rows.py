"""The brochure's rows, loaded once per test process and written back for every test.

Two of three tests start from the brochure. `load_brochure` saves each record through
the ORM and fills the search columns (0.7 s); the rows it leaves are the same every
time the database it starts from is the same. So the first load in a process notes
which rows it added or changed, and a later test whose database is in that same
state gets them written back in one bulk insert per table.

The load reads nothing of the accounts, sessions, sign-in records or history, so rows
there (the office's account a test made first) do not count as another state.

A test that empties the database (``transaction=True``) gets the content types made
anew, in the same order but with other ids (the tables' counters go on). Content types
are therefore noted by their names ("members.member"), in their table and in every
column pointing to them, and written back with the ids they have now: the emptied
databases of all such tests then look alike, and one load serves them all. Any other
difference makes another state: the command loads for real and its rows are noted again.
Correctness never depends on a hit, only speed does.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction

from widunetz import pagecache

_noted = {}  # the database's rows before the load → the rows the load added or changed
# Apps whose tables the load neither reads nor writes (asserted when it is noted).
UNREAD_APPS = {"admin", "auth", "sessions", "reversion", "axes", "otp_totp", "otp_static"}


def tables():
    """Every model with a table of its own, many-to-many tables included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def content_type_columns(model):
    return [
        field.attname
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model is ContentType
    ]


def rows(model, names):
    """The rows of ``model`` by primary key, content types by name (``names``: id → name)."""
    pk = model._meta.pk.attname
    found = list(model._base_manager.order_by().values())
    if model is ContentType:
        return {names[row[pk]]: {**row, pk: None} for row in found}
    for row in found:
        for column in content_type_columns(model):
            row[column] = names[row[column]] if row[column] is not None else None
    return {row[pk]: row for row in found}


def content_type_names():
    return {
        pk: f"{app_label}.{name}"
        for pk, app_label, name in ContentType.objects.values_list("pk", "app_label", "model")
    }


def state():
    names = content_type_names()
    return {model: rows(model, names) for model in tables()}


def fingerprint(before):
    return repr(
        sorted(
            (model._meta.label, sorted(r.items()))
            for model, r in before.items()
            if model._meta.app_label not in UNREAD_APPS
        )
    )


def load_brochure():
    before = state()
    key = fingerprint(before)
    if key in _noted:
        write_back(_noted[key])
        return
    call_command("load_brochure", without_history=True, verbosity=0)
    after = state()
    _noted[key] = {
        model: [row for pk, row in after[model].items() if before[model].get(pk) != row]
        for model in after
        if any(before[model].get(pk) != row for pk, row in after[model].items())
    }
    # The load only adds and changes rows; were it ever to delete one, noting would be wrong.
    assert all(set(before[model]) <= set(after[model]) for model in before)
    assert not any(model._meta.app_label in UNREAD_APPS for model in _noted[key])
    assert ContentType not in _noted[key]  # its rows are noted without their ids


@transaction.atomic  # the foreign keys are checked at the end (a test with autocommit)
def write_back(changes):
    ids = {name: pk for pk, name in content_type_names().items()}
    written = []
    for model, changed in changes.items():
        pk = model._meta.pk.attname
        columns = content_type_columns(model)
        changed = [{**row, **{c: ids[row[c]] for c in columns if row[c]}} for row in changed]
        present = set(
            model._base_manager.filter(pk__in=[row[pk] for row in changed]).values_list(
                "pk", flat=True
            )
        )
        for row in changed:
            if row[pk] in present:
                model._base_manager.filter(pk=row[pk]).update(**row)
        model._base_manager.bulk_create([model(**row) for row in changed if row[pk] not in present])
        written.append(model)
    # PostgreSQL's sequences do not see rows inserted with their ids.
    restart_ids(written)
    pagecache.replace_content_version()


def restart_ids(models):
    """Number the new rows of ``models`` on from each table's highest id (from 1 in an
    empty one): PostgreSQL's sequences keep counting through rolled-back tests and past
    rows inserted with their ids, and SQLite's AUTOINCREMENT counters through emptied
    tables (Django's tables have one; without its row, SQLite goes on from the highest)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            tables = [model._meta.db_table for model in models]
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(f"DELETE FROM sqlite_sequence WHERE name IN ({marks})", tables)
            return
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
