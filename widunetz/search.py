"""Folding text for search, identically on SQLite and PostgreSQL.

Residents type names the way their keyboard lets them: "Bögeholz", "bogeholz" or
"BOEGEHOLZ"; "Stancic" for "Stančić"; "buss" for "Buß". Both the stored search
column and the query pass through ``fold()``, so the database only has to do a
plain substring match, which every backend does the same way.
"""

import re
import unicodedata

from django.db import models

_SPECIAL = str.maketrans({"ß": "ss", "æ": "ae", "ø": "o", "đ": "d", "ł": "l", "ı": "i"})
# German transliteration: ä→ae, ö→oe, ü→ue. After accents are stripped "Köhn" is
# "kohn", so folding "oe"→"o" makes "koehn", "Köhn" and "Kohn" one word.
_DIGRAPHS = re.compile(r"([aou])e")
# Letters and digits of every script stay: topics are searched in Arabic, Russian
# and Ukrainian too ("لاجئ"); Arabic vowel marks go with the other combining marks.
_NON_WORD = re.compile(r"[\W_]+")


def fold(text):
    """Lower-case, accent-free, transliteration-free form of ``text``."""
    text = unicodedata.normalize("NFKD", str(text).casefold().translate(_SPECIAL))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _DIGRAPHS.sub(r"\1", text)
    return _NON_WORD.sub(" ", text).strip()


def search_terms(text, limit=8):
    """The folded words of a query; long queries are cut to ``limit`` words."""
    return [word for word in fold(text[:200]).split() if word][:limit]


def search_document(*parts):
    """The folded, space-framed text stored in a model's ``search_text`` column."""
    return " " + " ".join(fold(part) for part in parts if part) + " "


class SearchQuerySet:
    """Mixin for QuerySets of models with a ``search_text`` column."""

    def search(self, text):
        queryset = self
        for term in search_terms(text):
            queryset = queryset.filter(search_text__contains=term)
        return queryset


class SearchableQuerySet(SearchQuerySet, models.QuerySet):
    pass


class SearchableModel(models.Model):
    """A model found by search: keeps a folded copy of its text in ``search_text``.

    The copy is rebuilt on every save from ``search_fields`` (or an overridden
    ``search_parts()``), so matching is a plain substring test in the database.
    """

    search_fields = ()
    search_text = models.TextField(editable=False, blank=True, default="")

    objects = SearchableQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.search_text = search_document(*self.search_parts())
        super().save(*args, **kwargs)

    def search_parts(self):
        return [getattr(self, name) for name in self.search_fields]
