vcl 4.1;
# The shared HTTP cache in front of the app nodes (Varnish 7.1, Debian's `varnish`).
#
# Cached: only what the app marks with `s-maxage` (core/shared_cache.py) — anonymous GETs of
# published pages, feeds, calendars and site maps — for as long as it says. Never: the
# admin, previews, a visitor with a session (editors, members), a response setting a cookie
# or marked private. Purged: the app sends `PURGE` after every change that alters a public
# response; it bans the whole site. The backends are filled in by deploy/stack.py (or by
# the deployment's template) from BACKENDS below.

import directors;
import std;

probe health {
    .url = "/robots.txt";
    # A busy node answers its probe behind the requests it is serving: a short timeout
    # would declare every node sick under load, and Varnish would then answer 503 itself.
    .interval = 2s;
    .timeout = 5s;
    .window = 5;
    .threshold = 3;
}

# @BACKENDS@ — one `backend nodeN { .host = …; .port = …; .probe = health; }` per app node.

acl purgers {
    "127.0.0.1";
    "::1";
    # @PURGERS@ — the app nodes' and workers' addresses in production.
}

sub vcl_init {
    # A shard director rather than a round robin: its `alt` argument hands a retry the next
    # node on the ring, never the one that just failed (a round robin shared by concurrent
    # requests may give the dead node again). Sharding by URL also spreads the misses.
    new nodes = directors.shard();
    # @ADD_BACKENDS@ — nodes.add_backend(nodeN); per app node.
    nodes.reconfigure();
}

sub vcl_recv {

    if (req.method == "PURGE") {
        if (!client.ip ~ purgers) {
            return (synth(405, "Not allowed"));
        }
        ban("obj.http.x-shared-cache-site == 1");
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|django-admin|comptes|espace-membres)(/|$)") {
        return (pass);
    }
    # A session (editor, member, a password-protected page, a flash message): the visitor
    # may see what others must not, and must never get what they share.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    if (req.http.Authorization) {
        return (pass);
    }
    # Any other cookie (csrftoken, analytics) does not change what an anonymous visitor
    # gets: dropped, so that it neither splits nor bypasses the cache.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_fetch {
    # A URL's misses go to one node; a retry (the node died mid-request or refused the
    # connection) goes to the next healthy one.
    set bereq.backend = nodes.backend(by=URL, alt=bereq.retries);
}

sub vcl_backend_response {
    set beresp.http.x-shared-cache-site = "1";
    if (bereq.url ~ "^/static/" && !beresp.http.Set-Cookie) {
        return (deliver);  # static files: public, for as long as WhiteNoise's max-age says
    }
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control !~ "s-maxage"
        || beresp.http.Cache-Control ~ "(private|no-store)") {
        # Not shareable: remember that for two minutes so that requests do not queue on it.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # s-maxage is the app's word for shared caches; Varnish already read it into beresp.ttl.
    # "no-cache" (feeds) is for browsers, which revalidate with their ETag.
    set beresp.grace = 0s;
    return (deliver);
}

sub vcl_backend_error {
    # A node that fails (refused connection, reset) is tried again on the other node.
    if (bereq.retries < 2 && bereq.method ~ "^(GET|HEAD)$") {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.x-shared-cache-site;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
