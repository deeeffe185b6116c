"""feedgen extensions: the Podcast Index namespace, and Apple tags in their current form.

feedgen 1.0 has no `podcast:` namespace, and its iTunes extension writes `itunes:explicit`
as yes/no (Apple now asks for true/false) and refuses image URLs that do not end in .jpg or
.png (an S3 URL may carry a query string). These classes fill both gaps; everything else
stays with feedgen's own iTunes extension.
"""

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.ext.podcast import PodcastExtension
from feedgen.ext.podcast_entry import PodcastEntryExtension
from feedgen.util import xml_elem

PODCAST_NS = "https://podcastindex.org/namespace/1.0"
ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"


def _element(parent, tag, text=None, **attributes):
    element = xml_elem(tag, parent)
    if text is not None:
        element.text = text
    for name, value in attributes.items():
        if value not in (None, ""):
            element.attrib[name] = str(value)
    return element


def _bool(value):
    return "true" if value else "false"


class AppleExtension(PodcastExtension):
    """feedgen's iTunes channel tags, plus `itunes:explicit` true/false and `itunes:image`."""

    def __init__(self):
        super().__init__()
        self.__explicit = None
        self.__image = None

    def apple_explicit(self, explicit: bool):
        self.__explicit = bool(explicit)

    def apple_image(self, url: str):
        self.__image = url

    def extend_rss(self, rss_feed):
        super().extend_rss(rss_feed)
        channel = rss_feed[0]
        if self.__image:
            _element(channel, f"{{{ITUNES_NS}}}image", href=self.__image)
        if self.__explicit is not None:
            _element(channel, f"{{{ITUNES_NS}}}explicit", _bool(self.__explicit))
        return rss_feed


class AppleEntryExtension(PodcastEntryExtension):
    def __init__(self):
        super().__init__()
        self.__explicit = None
        self.__image = None

    def apple_explicit(self, explicit: bool):
        self.__explicit = bool(explicit)

    def apple_image(self, url: str):
        self.__image = url

    def extend_rss(self, entry):
        super().extend_rss(entry)
        if self.__image:
            _element(entry, f"{{{ITUNES_NS}}}image", href=self.__image)
        if self.__explicit is not None:
            _element(entry, f"{{{ITUNES_NS}}}explicit", _bool(self.__explicit))
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
        self.__locked = ("yes" if locked else "no", owner)

    def podcast_funding(self, url: str, label: str):
        self.__funding = (url, label) if url else None

    def extend_rss(self, rss_feed):
        channel = rss_feed[0]
        if self.__guid:
            _element(channel, f"{{{PODCAST_NS}}}guid", self.__guid)
        if self.__locked:
            value, owner = self.__locked
            _element(channel, f"{{{PODCAST_NS}}}locked", value, owner=owner)
        if self.__funding:
            url, label = self.__funding
            _element(channel, f"{{{PODCAST_NS}}}funding", label, url=url)
        return rss_feed


class PodcastIndexEntryExtension(BaseEntryExtension):
    """Item tags: transcript, chapters, person, season, episode."""

    def __init__(self):
        self.__transcripts = []
        self.__chapters = None
        self.__people = []
        self.__season = None
        self.__episode = None

    def podcast_transcript(self, url, mime_type, language="", rel=""):
        self.__transcripts.append({"url": url, "type": mime_type, "language": language, "rel": rel})

    def podcast_chapters(self, url, mime_type="application/json+chapters"):
        self.__chapters = {"url": url, "type": mime_type}

    def podcast_person(self, name, role="host", href=""):
        """Hosts, co-hosts and guests all belong to the taxonomy's "cast" group."""
        self.__people.append({"name": name, "role": role, "group": "cast", "href": href})

    def podcast_season(self, number, name=""):
        self.__season = (number, name)

    def podcast_episode(self, number, display=""):
        self.__episode = (number, display)

    def extend_rss(self, entry):
        for transcript in self.__transcripts:
            _element(entry, f"{{{PODCAST_NS}}}transcript", **transcript)
        if self.__chapters:
            _element(entry, f"{{{PODCAST_NS}}}chapters", **self.__chapters)
        for person in self.__people:
            attributes = {key: value for key, value in person.items() if key != "name"}
            _element(entry, f"{{{PODCAST_NS}}}person", person["name"], **attributes)
        if self.__season:
            number, name = self.__season
            _element(entry, f"{{{PODCAST_NS}}}season", str(number), name=name)
        if self.__episode:
            number, display = self.__episode
            _element(entry, f"{{{PODCAST_NS}}}episode", str(number), display=display)
        return entry
