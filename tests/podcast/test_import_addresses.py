"""The import reaches public hosts only: a feed, a file or a redirect naming the server's own
network, a private one or the cloud metadata service is refused before any connection, and
a host that trickles its bytes is given up at the download deadline.

The test settings allow 127.0.0.1 (the local hosting service of the import tests); these
tests take that allowance back, or move it to 127.0.0.2 as a stand-in for a public host."""

import socket
import threading
import time

import pytest
from django.core.management import CommandError

from podcast.importer import ImportFailure, fetch_text, run_import
from podcast.models import AudioAsset, EpisodePage
from tests.podcast.conftest import local_host
from tests.podcast.factories import AUDIO_FIXTURES
from tests.podcast.test_import import feed, item, run

TONE = (AUDIO_FIXTURES / "tone.mp3").read_bytes()


@pytest.fixture
def connections(monkeypatch):
    """Every address a socket of this process connects to during the test (recorded, then
    connected as usual)."""
    made, connect = [], socket.socket.connect

    def recording(sock, address):
        made.append(address)
        return connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", recording)
    return made


@pytest.fixture
def public_host():
    """A hosting service on 127.0.0.2, the one address the test allows: a public host."""
    yield from local_host("127.0.0.2")


def test_a_feed_on_an_internal_address_is_refused(feed_host, show, settings):
    settings.PODCAST_IMPORT_ALLOWED_ADDRESSES = []
    url = feed_host("/feed.xml", feed(item("g1", "Premier")))
    with pytest.raises(CommandError) as refused:
        run(url, "--apply")
    assert str(refused.value) == (
        f"Rien n'a été importé. {url} : adresse interne refusée (127.0.0.1)."
    )
    assert feed_host.requests == []
    assert not EpisodePage.objects.exists()


def test_an_audio_file_redirecting_to_an_internal_address_is_refused(
    feed_host, public_host, show, settings
):
    settings.PODCAST_IMPORT_ALLOWED_ADDRESSES = ["127.0.0.2/32"]
    internal = feed_host("/tone.mp3", TONE, "audio/mpeg")
    public_host("/tone.mp3", TONE, "audio/mpeg")
    public_host.redirect("/suivi/tone.mp3", internal)
    content = feed(
        item("bon", "Bon épisode"), item("piege", "Piège", audio="/suivi/tone.mp3")
    ).replace("{base}", public_host.base)
    outcomes = {o.title: o for o in run_import(show, content.encode(), apply=True)}
    assert outcomes["Bon épisode"].action == "créé"
    assert outcomes["Piège"].action == "échec"
    assert outcomes["Piège"].reason == (
        f"{public_host.base}/suivi/tone.mp3 : adresse interne refusée (127.0.0.1)."
    )
    assert feed_host.requests == []  # the internal host never heard of it
    assert list(EpisodePage.objects.values_list("imported_guid", flat=True)) == ["bon"]
    assert AudioAsset.objects.count() == 1


def test_a_name_resolving_to_loopback_is_refused_before_connecting(
    feed_host, settings, connections
):
    settings.PODCAST_IMPORT_ALLOWED_ADDRESSES = []
    url = feed_host("/feed.xml", feed()).replace("127.0.0.1", "localhost")
    with pytest.raises(ImportFailure) as refused:
        fetch_text(url)
    # The editor is not told what the name resolves to inside the server's network.
    assert str(refused.value) == f"{url} : adresse interne refusée (localhost)."
    assert connections == []
    assert feed_host.requests == []


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("https://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://10.0.0.1/feed.xml", "10.0.0.1"),
        ("http://172.16.0.1/feed.xml", "172.16.0.1"),
        ("http://192.168.1.1/feed.xml", "192.168.1.1"),
        ("http://100.64.0.1/feed.xml", "100.64.0.1"),
        ("http://0.0.0.0/feed.xml", "0.0.0.0"),  # noqa: S104 - a URL refused, not a bind
        ("http://224.0.0.1/feed.xml", "224.0.0.1"),
        ("http://[::1]/feed.xml", "::1"),
        ("http://[fc00::1]/feed.xml", "fc00::1"),
        ("http://[fe80::1]/feed.xml", "fe80::1"),
        ("http://[::ffff:127.0.0.1]/feed.xml", "::ffff:127.0.0.1"),
        ("http://[2002:7f00:1::]/feed.xml", "2002:7f00:1::"),  # 6to4 carrying 127.0.0.1
        ("http://[2002:a00:1::1]/feed.xml", "2002:a00:1::1"),  # 6to4 carrying 10.0.0.1
        ("http://[fec0::1]/feed.xml", "fec0::1"),
    ],
)
def test_internal_addresses_are_refused_before_connecting(url, shown, settings, connections):
    settings.PODCAST_IMPORT_ALLOWED_ADDRESSES = []
    with pytest.raises(ImportFailure) as refused:
        fetch_text(url)
    assert str(refused.value) == f"{url} : adresse interne refusée ({shown})."
    assert connections == []


def test_a_host_trickling_its_file_is_given_up_at_the_deadline(feed_host, show, settings):
    settings.PODCAST_IMPORT_DOWNLOAD_DEADLINE = 1
    feed_host("/tone.mp3", TONE, "audio/mpeg")
    feed_host("/lent.mp3", TONE, "audio/mpeg", pace=0.05)  # a byte every 50 ms
    url = feed_host(
        "/feed.xml", feed(item("bon", "Bon épisode"), item("lent", "Lent", audio="/lent.mp3"))
    )
    started = time.monotonic()
    report = run(url, "--apply")
    assert time.monotonic() - started < 10
    assert "créé : Bon épisode" in report
    assert (
        f"échec : Lent — {feed_host.base}/lent.mp3 : téléchargement trop long "
        "(plus de 1 s), abandonné."
    ) in report
    assert list(EpisodePage.objects.values_list("imported_guid", flat=True)) == ["bon"]
    assert AudioAsset.objects.count() == 1


def test_a_host_hanging_up_mid_file_fails_that_episode_in_french(feed_host, show):
    feed_host("/tone.mp3", TONE, "audio/mpeg")
    feed_host("/coupe.mp3", TONE, "audio/mpeg", cut=len(TONE) // 2)
    url = feed_host(
        "/feed.xml", feed(item("bon", "Bon épisode"), item("coupe", "Coupé", audio="/coupe.mp3"))
    )
    report = run(url, "--apply")
    assert "créé : Bon épisode" in report
    assert (
        f"échec : Coupé — {feed_host.base}/coupe.mp3 : téléchargement interrompu "
        f"({len(TONE) // 2} octets reçus sur {len(TONE)})."
    ) in report
    assert list(EpisodePage.objects.values_list("imported_guid", flat=True)) == ["bon"]
    assert AudioAsset.objects.count() == 1


@pytest.mark.parametrize(
    "url",
    [
        "https://пример.рф/feed.xml",  # an internationalised name, never converted by urllib
        "http://127.0.0.1/flux à écouter.xml",
    ],
)
def test_an_address_urllib_cannot_read_is_refused_in_french(url, feed_host):
    with pytest.raises(ImportFailure, match=r"^Adresse illisible : "):
        fetch_text(url)


@pytest.fixture
def raw_host():
    """A host on 127.0.0.1 answering one request with the given bytes as they are; with
    `trickle`, then one more header byte every 50 ms for up to 20 s (the per-read timeout
    never fires)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(20)
    threads = []

    def answer(head, trickle):
        try:
            connection, _ = server.accept()
        except OSError:
            return
        with connection:
            connection.recv(65536)
            connection.sendall(head)
            stop = time.monotonic() + 20
            try:
                while trickle and time.monotonic() < stop:
                    connection.sendall(b"a")
                    time.sleep(0.05)
            except OSError:  # the importer gave up and hung up
                return

    def serve(head, trickle=False):
        thread = threading.Thread(target=answer, args=(head, trickle), daemon=True)
        thread.start()
        threads.append(thread)
        return f"http://127.0.0.1:{server.getsockname()[1]}/feed.xml"

    yield serve
    server.close()
    for thread in threads:
        thread.join(25)


def test_a_host_trickling_its_headers_is_given_up_at_the_read_timeout(raw_host, monkeypatch):
    monkeypatch.setattr("podcast.importer.TIMEOUT", 1)
    url = raw_host(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nX-Pad: ", trickle=True)
    started = time.monotonic()
    with pytest.raises(ImportFailure) as given_up:
        fetch_text(url)
    assert time.monotonic() - started < 5
    assert str(given_up.value) == f"{url} est injoignable (en-têtes de réponse non reçus en 1 s)."


@pytest.mark.parametrize("length", [b"abc", b"-5", b"\xc2\xb2"])
def test_an_unreadable_content_length_is_read_as_none(raw_host, length):
    url = raw_host(b"HTTP/1.1 200 OK\r\nContent-Length: " + length + b"\r\n\r\n<rss/>")
    assert fetch_text(url) == b"<rss/>"
