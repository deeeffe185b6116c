"""RSS 2.0 and Atom feeds of positions, built from plain dicts so tests need no HTTP."""

import re
from urllib.parse import urlencode

from feedgen.feed import FeedGenerator

FEED_FORMATS = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
}

# Characters XML 1.0 forbids; lxml refuses them, and editors paste them from word processors.
# Lone surrogates cannot even be encoded as UTF-8.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    return _XML_FORBIDDEN.sub("", text or "")


def build_feed(entries, *, fmt, title, link, self_url, description, author="CPME Occitanie"):
    """Serialise entries (title, url, summary, published, updated, categories, kind) to bytes.

    Entries come newest first; the feed's own date is the newest update, so an unchanged list
    (non-empty) gives byte-identical output that caches and conditional requests can rely on.
    """
    feed = FeedGenerator()
    feed.id(self_url)
    # RSS requires both; text made only of forbidden characters must not fail the feed.
    feed.title(xml_safe(title) or author)
    feed.subtitle(xml_safe(description) or xml_safe(title) or author)
    feed.language("fr")
    feed.author({"name": author})
    # feedgen's RSS <link> is the last link given: the page journalists should land on.
    feed.link(href=self_url, rel="self")
    feed.link(href=link, rel="alternate")
    if entries:
        feed.updated(max(entry["updated"] for entry in entries))
    for entry in entries:
        item = feed.add_entry(order="append")
        item.id(entry["url"])
        item.guid(entry["url"], permalink=True)
        item.title(xml_safe(entry["title"]) or "(sans titre)")
        item.link(href=entry["url"])
        item.summary(xml_safe(f"{entry['kind']} – {entry['summary']}"))
        item.published(entry["published"])
        item.updated(entry["updated"])
        for name in entry["categories"]:
            item.category(term=xml_safe(name))
    return feed.atom_str(pretty=True) if fmt == "atom" else feed.rss_str(pretty=True)


def feed_query(theme: str, kind: str) -> str:
    """The query string that narrows a press room feed like the list on screen."""
    params = {key: value for key, value in (("theme", theme), ("kind", kind)) if value}
    return f"?{urlencode(params)}" if params else ""
