"""feedgen extensions: the Podcast Index namespace, Apple tags in their current form, WebSub.

feedgen 1.0 has no `podcast:` namespace, and its iTunes extension writes `itunes:explicit`
as yes/no (Apple now asks for true/false) and refuses image URLs that do not end in .jpg or
.png (an S3 URL may carry a query string). The channel keeps feedgen's own iTunes extension
for everything else; it is written once per feed.

Items are written by one extension of our own, iTunes and Podcast Index tags alike: it runs
once per episode, and feedgen's iTunes entry extension (thirteen fields checked per item,
each setter validating its value again) plus a second extension per item cost about 8% of
the build at 300 episodes. It keeps what it is given as ready-made strings and attribute dicts, in
the order given, and adds an element only when there is something to put in it. It also
writes the item's `link`, `enclosure` and `pubDate` (see ItemExtension.link and .enclosure).
"""

from datetime import datetime

from feedgen.ext.base import BaseEntryExtension
from feedgen.ext.podcast import PodcastExtension
from lxml.etree import SubElement

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM_NS = "http://www.w3.org/2005/Atom"

_ITUNES_IMAGE = f"{{{ITUNES_NS}}}image"
_ITUNES_EXPLICIT = f"{{{ITUNES_NS}}}explicit"
_ITUNES_DURATION = f"{{{ITUNES_NS}}}duration"
_ITUNES_SEASON = f"{{{ITUNES_NS}}}season"
_ITUNES_EPISODE = f"{{{ITUNES_NS}}}episode"
_ITUNES_EPISODE_TYPE = f"{{{ITUNES_NS}}}episodeType"
_GUID = f"{{{PODCAST_NS}}}guid"
_LOCKED = f"{{{PODCAST_NS}}}locked"
_FUNDING = f"{{{PODCAST_NS}}}funding"
_TRANSCRIPT = f"{{{PODCAST_NS}}}transcript"
_CHAPTERS = f"{{{PODCAST_NS}}}chapters"
_PERSON = f"{{{PODCAST_NS}}}person"
_SEASON = f"{{{PODCAST_NS}}}season"
_EPISODE = f"{{{PODCAST_NS}}}episode"
_ATOM_LINK = f"{{{ATOM_NS}}}link"
_NO_ATTRIBUTES = {}
# RFC 822's English names, whatever the process's locale.
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _element(parent, tag, text=None, attributes=None):
    element = SubElement(parent, tag, attributes) if attributes else SubElement(parent, tag)
    if text is not None:
        element.text = text
    return element


def _attributes(**attributes) -> dict[str, str]:
    """Empty values are left out rather than written as empty attributes."""
    return {name: str(value) for name, value in attributes.items() if value not in (None, "")}


def _bool(value) -> str:
    return "true" if value else "false"


class ChannelExtension(PodcastExtension):
    """The channel's tags beyond RSS: feedgen's iTunes tags, then `itunes:image` and
    `itunes:explicit` true/false, the Podcast Index's guid, locked and funding, and the WebSub
    hub as `<atom:link rel="hub">` (feedgen writes only the `self` link in RSS)."""

    def __init__(self):
        super().__init__()
        self.__apple_image = None
        self.__apple_explicit = None
        self.__guid = None
        self.__locked = None
        self.__funding = None
        self.__hub = None

    def extend_ns(self):
        return {**super().extend_ns(), "podcast": PODCAST_NS, "atom": ATOM_NS}

    def apple_explicit(self, explicit: bool):
        self.__apple_explicit = _bool(explicit)

    def apple_image(self, url: str):
        self.__apple_image = url

    def podcast_guid(self, guid):
        self.__guid = str(guid)

    def podcast_locked(self, locked: bool, owner: str = ""):
        """Asks other hosting platforms not to import the feed without the owner's consent."""
        self.__locked = ("yes" if locked else "no", _attributes(owner=owner))

    def podcast_funding(self, url: str, label: str):
        self.__funding = (label, {"url": url}) if url else None

    def websub_hub(self, url: str):
        """The WebSub hub apps may subscribe to for instant updates."""
        self.__hub = url or None

    def extend_rss(self, rss_feed):
        super().extend_rss(rss_feed)
        channel = rss_feed[0]
        if self.__apple_image:
            _element(channel, _ITUNES_IMAGE, attributes={"href": self.__apple_image})
        if self.__apple_explicit is not None:
            _element(channel, _ITUNES_EXPLICIT, self.__apple_explicit)
        if self.__guid:
            _element(channel, _GUID, self.__guid)
        if self.__locked:
            _element(channel, _LOCKED, *self.__locked)
        if self.__funding:
            _element(channel, _FUNDING, *self.__funding)
        if self.__hub:
            _element(channel, _ATOM_LINK, attributes={"rel": "hub", "href": self.__hub})
        return rss_feed


class ItemExtension(BaseEntryExtension):
    """An item's iTunes tags (duration, season, episode, episodeType, image, explicit) and
    Podcast Index tags (transcript, chapters, person, season, episode), written in the order
    they are given."""

    def __init__(self):
        # (tag, text, attributes) in the order they are written.
        self.__elements = []

    def link(self, url: str):
        """The item's `<link>`, written here rather than by feedgen's `link()`, whose generic
        checks (every Atom link attribute and relation) cost about 3 µs per item, 5% of a
        build at 300 episodes. It comes after the `guid` instead of after the title: RSS
        leaves the order of an item's elements free."""
        self.__elements.append(("link", url, _NO_ATTRIBUTES))

    def enclosure(self, url: str, length: int, mime_type: str):
        """The enclosure feedgen would write, then pub_date, where feedgen puts them when given
        right after the link: feedgen writes these two last, just before the extensions'
        elements (the `source` and `comments` it would put around them are never set here).
        Its `enclosure()` goes through the same generic link checks as `link()`."""
        attributes = {"url": url, "length": str(length), "type": mime_type}
        self.__elements.append(("enclosure", None, attributes))

    def pub_date(self, published: datetime):
        """The RFC 822 date feedgen would write (see enclosure). feedgen switches the whole
        process to the C locale and back for each date, three `setlocale` calls that cost as
        much as the formatting itself (about 1 ms for 300 episodes); the names are written
        here instead."""
        if published.tzinfo is None:
            raise ValueError("pubDate needs a time zone")
        text = published.strftime(
            f"{_DAYS[published.weekday()]}, %d {_MONTHS[published.month - 1]} %Y %H:%M:%S %z"
        )
        self.__elements.append(("pubDate", text, _NO_ATTRIBUTES))

    def itunes_duration(self, seconds: int):
        self.__elements.append((_ITUNES_DURATION, str(seconds), _NO_ATTRIBUTES))

    def itunes_season(self, number: int):
        self.__elements.append((_ITUNES_SEASON, str(number), _NO_ATTRIBUTES))

    def itunes_episode(self, number: int):
        self.__elements.append((_ITUNES_EPISODE, str(number), _NO_ATTRIBUTES))

    def itunes_episode_type(self, episode_type: str):
        """full, trailer or bonus (the episode's field allows nothing else)."""
        self.__elements.append((_ITUNES_EPISODE_TYPE, episode_type, _NO_ATTRIBUTES))

    def apple_image(self, url: str):
        self.__elements.append((_ITUNES_IMAGE, None, {"href": url}))

    def apple_explicit(self, explicit: bool):
        self.__elements.append((_ITUNES_EXPLICIT, _bool(explicit), _NO_ATTRIBUTES))

    def podcast_transcript(self, url, mime_type, language="", rel=""):
        attributes = _attributes(url=url, type=mime_type, language=language, rel=rel)
        self.__elements.append((_TRANSCRIPT, None, attributes))

    def podcast_chapters(self, url, mime_type="application/json+chapters"):
        self.__elements.append((_CHAPTERS, None, {"url": url, "type": mime_type}))

    def podcast_person(self, name, role="host", href=""):
        """Hosts, co-hosts and guests all belong to the taxonomy's "cast" group."""
        attributes = (
            {"role": role, "group": "cast", "href": href}
            if href
            else {"role": role, "group": "cast"}
        )
        self.__elements.append((_PERSON, name, attributes))

    def podcast_season(self, number, name=""):
        self.__elements.append((_SEASON, str(number), {"name": name} if name else _NO_ATTRIBUTES))

    def podcast_episode(self, number, display=""):
        attributes = {"display": display} if display else _NO_ATTRIBUTES
        self.__elements.append((_EPISODE, str(number), attributes))

    def extend_rss(self, entry):
        for tag, text, attributes in self.__elements:
            SubElement(entry, tag, attributes).text = text
        return entry
