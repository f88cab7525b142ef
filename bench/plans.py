"""The query plans of the search and of a filter, as PostgreSQL runs them.

Exactly the queries the pages send (captured, not rewritten), under EXPLAIN
(ANALYZE, BUFFERS): whether the people are read through an index shows here.
"""

import re

from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.filters import MemberFilterSet
from members.models import Member
from pages.search import RESULTS_PER_KIND


def captured(function):
    with CaptureQueriesContext(connection) as queries:
        function()
    return [query["sql"] for query in queries.captured_queries]


def explain(sql):
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def list_view_queries(params):
    """Exactly the list view's queries: the count, then the keys of the first page
    (its people are then read by key)."""
    queryset = MemberFilterSet(params, queryset=Member.objects.public().for_cards()).qs
    paginator = Paginator(queryset, 20)
    count_sql = captured(lambda: paginator.count)[0]
    page_sql = captured(lambda: list(queryset[:20].values_list("pk", flat=True)))[0]
    return count_sql, page_sql


def plans():
    """[(label, sql, plan)] of the member search, the site search and a town's list."""
    result = []
    count_sql, page_sql = list_view_queries({"q": "koehn"})
    result.append(("/mitglieder/?q=koehn – page (LIMIT 20)", page_sql, explain(page_sql)))
    result.append(("/mitglieder/?q=koehn – count", count_sql, explain(count_sql)))
    site_sql = captured(
        lambda: list(
            Member.objects.public().for_cards().search("integration")[: RESULTS_PER_KIND + 1]
        )
    )[0]
    result.append(("/suche/?q=integration – people", site_sql, explain(site_sql)))
    count_sql, page_sql = list_view_queries({"gemeinde": "loehne"})
    result.append(("/mitglieder/?gemeinde=loehne – page (LIMIT 20)", page_sql, explain(page_sql)))
    result.append(("/mitglieder/?gemeinde=loehne – count", count_sql, explain(count_sql)))
    return result


def member_access(plan):
    """How the plan reads members_member: index names, or "sequential scan"."""
    ways = [
        f"{name} (index scan)"
        for name in re.findall(r"Index (?:Only )?Scan using (\S+) on members_member\b", plan)
    ]
    ways += [
        f"{name} (bitmap index scan)"
        for name in re.findall(r"Bitmap Index Scan on (\S+)", plan)
        if name.startswith("member")
    ]
    if re.search(r"Seq Scan on members_member\b", plan):
        ways.append("sequential scan")
    return sorted(set(ways))


def plan_summary(label, plan):
    execution = re.search(r"Execution Time: ([\d.]+) ms", plan)
    return f"- {label}: {execution.group(1) if execution else '?'} ms; people read by " + ", ".join(
        member_access(plan)
    )
