"""Typo tolerance (PostgreSQL): a query that finds nothing has its unknown words replaced by
the closest words of the site's public text, and is searched again as usual.

Why a vocabulary rather than modelsearch's `Fuzzy` query: `Fuzzy` filters on the trigram
similarity of the query to the whole text of every indexed object, which no index serves;
its cost grows with the site's text (the slowest searches of bench/search_bench.py). The
distinct words of that text are far fewer, and a trigram index (`pg_trgm`, migration
sitesearch.0003) finds the closest in about a millisecond. The corrected query then goes
through the ordinary search, with its ranking, filters and access rules.

The vocabulary holds only the words of live, public pages and of the snippets the search
shows (consenting representatives only): a suggestion never reveals a draft, an embargoed
position or a private page. It is rebuilt from the search index in one statement, by the
first correction needed after a change of the content version (core.cache: any publish,
unpublish, move, view restriction or snippet change) or once it is VOCABULARY_MAX_AGE old:
the index itself is updated by a background task after the publish (Wagtail's
`insert_or_update_object_task`), so the words of a page just published may reach the
vocabulary only at the next rebuild.
"""

import re
import time

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.lookups import TrigramSimilar
from django.contrib.postgres.search import SearchVector, TrigramSimilarity
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import CharField, F, Func, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from wagtail.models import get_page_models
from wagtail.search.models import IndexEntry

from antennas.models import Antenna
from core.pages import site_pages
from influence.models import Body, Representative
from positions.models import Theme

from .highlight import fold
from .models import SearchWord

# Shorter words are neither corrected nor suggested: "pme" would become "pmi".
MIN_WORD_LENGTH = 4
# One look-up per unknown word: a query of forty made-up words costs no more than this many.
MAX_CORRECTIONS = 4
MAX_WORD_LENGTH = SearchWord._meta.get_field("word").max_length
VOCABULARY_MAX_AGE = 10 * 60  # seconds
WORD = re.compile(r"[^\W\d_]+")


def supported() -> bool:
    return connection.vendor == "postgresql"


def public_index_entries():
    """Search index rows of what the site search may show."""
    page_ids = site_pages().live().public().annotate(key=Cast("pk", CharField())).values("key")
    page_types = ContentType.objects.get_for_models(*get_page_models()).values()
    snippet_types = ContentType.objects.get_for_models(Antenna, Body, Theme).values()
    people = (
        Representative.objects.filter(public_consent=True)
        .annotate(key=Cast("pk", CharField()))
        .values("key")
    )
    return IndexEntry.objects.filter(
        Q(content_type__in=page_types, object_id__in=page_ids)
        | Q(content_type__in=snippet_types)
        | Q(content_type=ContentType.objects.get_for_model(Representative), object_id__in=people)
    )


def public_words():
    """The distinct folded words of that text, as PostgreSQL's `simple` parser splits it
    (lower case; `f_unaccent` is modelsearch's immutable wrapper of `unaccent`)."""
    text = Concat(
        Coalesce("title_text", Value(""), output_field=TextField()),
        Value(" "),
        Coalesce("body_text", Value(""), output_field=TextField()),
        output_field=TextField(),
    )
    unaccented = Func(text, function="f_unaccent", output_field=TextField())
    vector = SearchVector(unaccented, config="simple")
    words = Func(
        Func(vector, function="tsvector_to_array"), function="unnest", output_field=TextField()
    )
    return public_index_entries().annotate(word=words).values_list("word", flat=True).distinct()


# When this process last rebuilt the vocabulary, by cache key: the cache's flag spares the
# other processes a rebuild, this one spares this process one per misspelt search while the
# cache is down (every read then misses, and a rebuild reads the whole index).
_built = {}


def refresh_vocabulary(version):
    """Replace the vocabulary by the public words of the index, once per content version and
    per VOCABULARY_MAX_AGE (the flag is per process with a local cache: each process may
    rebuild it once)."""
    key = f"sitesearch-vocabulary:{version}"
    built = _built.get(key)
    if built is not None and time.monotonic() - built < VOCABULARY_MAX_AGE:
        return
    if cache.get(key):
        return
    words = [
        word
        for word in public_words()
        if MIN_WORD_LENGTH <= len(word) <= MAX_WORD_LENGTH and WORD.fullmatch(word)
    ]
    with transaction.atomic():
        SearchWord.objects.all().delete()
        SearchWord.objects.bulk_create(
            (SearchWord(word=word) for word in words), batch_size=1000, ignore_conflicts=True
        )
    cache.set(key, True, VOCABULARY_MAX_AGE)
    _built.clear()  # only the current version's key is ever read again
    _built[key] = time.monotonic()


def forget_vocabulary() -> None:
    """Forget this process's rebuilds (tests start from an empty database)."""
    _built.clear()


def corrected_query(query, version):
    """The query with each word the site's text does not hold replaced by its closest word
    there; None when no word needs (or finds) a correction."""
    words = [word for word in WORD.findall(fold(query)) if len(word) >= MIN_WORD_LENGTH]
    if not words:
        return None
    refresh_vocabulary(version)
    known = set(SearchWord.objects.filter(word__in=words).values_list("word", flat=True))
    corrections = {}
    unknown = [word for word in dict.fromkeys(words) if word not in known]
    for word in unknown[:MAX_CORRECTIONS]:
        closest = (
            SearchWord.objects.filter(TrigramSimilar(F("word"), Value(word)))
            .annotate(similarity=TrigramSimilarity("word", word))
            .order_by("-similarity", "word")
            .values_list("word", flat=True)
            .first()
        )
        if closest:
            corrections[word] = closest
    if not corrections:
        return None
    return WORD.sub(lambda match: corrections.get(fold(match[0]), match[0]), query)
