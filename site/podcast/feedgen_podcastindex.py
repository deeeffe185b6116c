"""feedgen extensions: the Podcast Index namespace, and Apple tags in their current form.

feedgen 1.0 has no `podcast:` namespace, and its iTunes extension writes `itunes:explicit`
as yes/no (Apple now asks for true/false) and refuses image URLs that do not end in .jpg or
.png (an S3 URL may carry a query string). These classes fill both gaps; everything else
stays with feedgen's own iTunes extension.

Entry extensions run once per episode: they keep what they are given as ready-made strings
and attribute dicts, and add an element only when there is something to put in it.
"""

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.ext.podcast import PodcastExtension
from feedgen.ext.podcast_entry import PodcastEntryExtension
from lxml.etree import SubElement

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
ATOM_NS = "http://www.w3.org/2005/Atom"

_ITUNES_IMAGE = f"{{{ITUNES_NS}}}image"
_ITUNES_EXPLICIT = f"{{{ITUNES_NS}}}explicit"
_GUID = f"{{{PODCAST_NS}}}guid"
_LOCKED = f"{{{PODCAST_NS}}}locked"
_FUNDING = f"{{{PODCAST_NS}}}funding"
_TRANSCRIPT = f"{{{PODCAST_NS}}}transcript"
_CHAPTERS = f"{{{PODCAST_NS}}}chapters"
_PERSON = f"{{{PODCAST_NS}}}person"
_SEASON = f"{{{PODCAST_NS}}}season"
_EPISODE = f"{{{PODCAST_NS}}}episode"
_ATOM_LINK = f"{{{ATOM_NS}}}link"


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


class _AppleTags:
    """`itunes:explicit` as true/false and `itunes:image`, which the channel and each item
    both carry and feedgen's iTunes extension writes differently or not at all."""

    _apple_explicit = None
    _apple_image = None

    def apple_explicit(self, explicit: bool):
        self._apple_explicit = _bool(explicit)

    def apple_image(self, url: str):
        self._apple_image = url

    def _add_apple_tags(self, parent):
        if self._apple_image:
            _element(parent, _ITUNES_IMAGE, attributes={"href": self._apple_image})
        if self._apple_explicit is not None:
            _element(parent, _ITUNES_EXPLICIT, self._apple_explicit)


class AppleExtension(_AppleTags, PodcastExtension):
    """feedgen's iTunes channel tags, plus `itunes:explicit` true/false and `itunes:image`."""

    def extend_rss(self, rss_feed):
        super().extend_rss(rss_feed)
        self._add_apple_tags(rss_feed[0])
        return rss_feed


class AppleEntryExtension(_AppleTags, PodcastEntryExtension):
    def extend_rss(self, entry):
        super().extend_rss(entry)
        self._add_apple_tags(entry)
        return entry


class PodcastIndexExtension(BaseExtension):
    """Channel tags of https://podcastindex.org/namespace/1.0: guid, locked, funding."""

    def __init__(self):
        self.__guid = None
        self.__locked = None
        self.__funding = None

    def extend_ns(self):
        return {"podcast": PODCAST_NS}

    def podcast_guid(self, guid):
        self.__guid = str(guid)

    def podcast_locked(self, locked: bool, owner: str = ""):
        """Asks other hosting platforms not to import the feed without the owner's consent."""
        self.__locked = ("yes" if locked else "no", _attributes(owner=owner))

    def podcast_funding(self, url: str, label: str):
        self.__funding = (label, {"url": url}) if url else None

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.__guid:
            _element(channel, _GUID, self.__guid)
        if self.__locked:
            _element(channel, _LOCKED, *self.__locked)
        if self.__funding:
            _element(channel, _FUNDING, *self.__funding)
        return rss_feed


class WebSubExtension(BaseExtension):
    """`<atom:link rel="hub">`: the WebSub hub apps may subscribe to for instant updates
    (feedgen writes only the `self` link in RSS)."""

    def __init__(self):
        self.__hub = None

    def extend_ns(self):
        return {"atom": ATOM_NS}

    def websub_hub(self, url: str):
        self.__hub = url or None

    def extend_rss(self, rss_feed):
        if self.__hub:
            _element(rss_feed[0], _ATOM_LINK, attributes={"rel": "hub", "href": self.__hub})
        return rss_feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    """Item tags: transcript, chapters, person, season, episode."""

    def __init__(self):
        # (tag, text, attributes) in the order they are written.
        self.__elements = []

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
        self.__elements.append((_SEASON, str(number), {"name": name} if name else {}))

    def podcast_episode(self, number, display=""):
        self.__elements.append((_EPISODE, str(number), {"display": display} if display else {}))

    def extend_rss(self, entry):
        for tag, text, attributes in self.__elements:
            SubElement(entry, tag, attributes).text = text
        return entry
