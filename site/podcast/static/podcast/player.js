/* The Cash PME player, built on each [data-player]'s native <audio> (no third party).
   Without JavaScript the browser's own controls remain; with it: play/pause, -15 s / +30 s,
   speed, a seek bar read aloud as time, keyboard shortcuts (k, j, l), the position kept per
   episode on this device, the current chapter and transcript line highlighted, one episode
   playing at a time, and the share buttons (Web Share API, link at the current time). */
(function () {
  "use strict";
  if (window.cpmePlayer) return; // the script may be included by several blocks of a page
  window.cpmePlayer = true;

  var RATES = [0.75, 1, 1.25, 1.5, 1.75, 2];
  var KEY = "cpme-podcast:";

  function remember(name, value) {
    try {
      if (value === null) localStorage.removeItem(KEY + name);
      else localStorage.setItem(KEY + name, String(value));
    } catch (error) { /* private browsing, storage full: the player works without it */ }
  }
  function recall(name) {
    try { return localStorage.getItem(KEY + name); } catch (error) { return null; }
  }
  function two(n) { return (n < 10 ? "0" : "") + n; }
  function clock(seconds) {
    var s = Math.max(0, Math.floor(seconds || 0));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    return (h ? h + ":" + two(m) : m) + ":" + two(s % 60);
  }
  function spoken(seconds) {
    var s = Math.max(0, Math.floor(seconds || 0));
    var parts = [], h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60);
    if (h) parts.push(h + (h > 1 ? " heures" : " heure"));
    if (m) parts.push(m + (m > 1 ? " minutes" : " minute"));
    if (s % 60 || !parts.length) parts.push((s % 60) + (s % 60 > 1 ? " secondes" : " seconde"));
    return parts.join(" ");
  }
  function make(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (text) node.textContent = text;
    return node;
  }
  function button(name, label, text) {
    var node = make("button", { type: "button", class: "player__button player__" + name, "aria-label": label });
    node.appendChild(make("span", { class: "player__icon", "aria-hidden": "true" }, text || ""));
    return node;
  }

  var mainPlayer = null;

  function enhance(root) {
    var audio = root.querySelector("audio");
    if (!audio) return;
    var compact = root.classList.contains("player--compact");
    var title = root.dataset.title || "";
    var guid = root.dataset.guid;
    var known = parseFloat(root.dataset.duration) || 0;
    var pending = null; // a position asked for before the file is loaded (preload="none")
    var savedAt = 0;

    var bar = make("div", { class: "player__bar", role: "group", "aria-label": "Lecteur : " + title });
    var play = button("play", "Lire « " + title + " »");
    bar.appendChild(play);
    var back = button("back", "Reculer de 15 secondes", "−15");
    var ahead = button("ahead", "Avancer de 30 secondes", "+30");
    if (!compact) { bar.appendChild(back); bar.appendChild(ahead); }
    var seek = make("input", {
      type: "range", class: "player__seek", min: "0", max: String(Math.round(known)), step: "1", value: "0",
      "aria-label": "Position dans « " + title + " »",
    });
    bar.appendChild(seek);
    var time = make("span", { class: "player__time", "aria-hidden": "true" });
    bar.appendChild(time);
    var rate = make("select", { class: "player__rate", "aria-label": "Vitesse de lecture" });
    RATES.forEach(function (value) {
      rate.appendChild(make("option", { value: String(value) }, String(value).replace(".", ",") + "×"));
    });
    if (!compact) bar.appendChild(rate);
    var status = make("p", { class: "player__status", role: "status" });

    function duration() { return isFinite(audio.duration) && audio.duration > 0 ? audio.duration : known; }
    function position() { return pending !== null ? pending : audio.currentTime; }
    function render() {
      var at = position(), total = duration();
      seek.max = String(Math.round(total));
      seek.value = String(Math.floor(at));
      seek.setAttribute("aria-valuetext", spoken(at) + " sur " + spoken(total));
      time.textContent = clock(at) + " / " + clock(total);
      var playing = !audio.paused && !audio.ended;
      root.classList.toggle("is-playing", playing);
      play.setAttribute("aria-label", (playing ? "Mettre en pause « " : "Lire « ") + title + " »");
      if (root === mainPlayer) follow(at);
    }
    function seekTo(seconds) {
      var total = duration();
      var target = Math.max(0, total ? Math.min(seconds, total) : seconds);
      if (audio.readyState === 0) pending = target;
      else audio.currentTime = target;
      render();
    }
    function toggle() {
      if (audio.paused || audio.ended) audio.play().catch(function () {
        status.textContent = "Lecture impossible pour l'instant : réessayez ou téléchargez l'épisode.";
      });
      else audio.pause();
    }
    function save(force) {
      if (!guid) return;
      var at = audio.currentTime;
      if (force || Math.abs(at - savedAt) >= 5) {
        savedAt = at;
        remember("position:" + guid, at > 5 ? Math.floor(at) : null);
      }
    }

    audio.controls = false;
    audio.after(bar, status);
    root.classList.add("is-enhanced");

    var storedRate = parseFloat(recall("rate"));
    if (RATES.indexOf(storedRate) >= 0) {
      rate.value = String(storedRate);
      audio.defaultPlaybackRate = audio.playbackRate = storedRate;
    } else {
      rate.value = "1";
    }
    var stored = parseFloat(recall("position:" + (guid || "")));
    if (stored > 5 && (!known || stored < known - 5)) {
      pending = stored;
      status.textContent = "Reprise à " + clock(stored) + ", là où vous vous étiez arrêté sur cet appareil.";
    }

    play.addEventListener("click", toggle);
    back.addEventListener("click", function () { seekTo(position() - 15); });
    ahead.addEventListener("click", function () { seekTo(position() + 30); });
    seek.addEventListener("input", function () { seekTo(parseFloat(seek.value)); });
    rate.addEventListener("change", function () {
      var value = parseFloat(rate.value);
      audio.defaultPlaybackRate = audio.playbackRate = value;
      remember("rate", value);
    });
    root.addEventListener("keydown", function (event) {
      if (event.altKey || event.ctrlKey || event.metaKey || event.target === rate) return;
      var key = event.key.toLowerCase();
      if (key === "k" || (key === " " && event.target === seek)) toggle();
      else if (key === "j") seekTo(position() - 15);
      else if (key === "l") seekTo(position() + 30);
      else return;
      event.preventDefault();
    });
    audio.addEventListener("loadedmetadata", function () {
      if (pending !== null) { var target = pending; pending = null; audio.currentTime = target; }
      render();
    });
    audio.addEventListener("play", function () {
      document.querySelectorAll("audio").forEach(function (other) { if (other !== audio) other.pause(); });
      status.textContent = "";
    });
    ["play", "pause", "durationchange", "seeked", "ratechange"].forEach(function (name) {
      audio.addEventListener(name, render);
    });
    audio.addEventListener("timeupdate", function () { render(); save(false); });
    audio.addEventListener("pause", function () { save(true); });
    audio.addEventListener("ended", function () { savedAt = 0; remember("position:" + guid, null); });

    root.seekTo = seekTo;
    root.position = position;
    root.toggle = toggle;
    root.audio = audio;
    render();
  }

  /* The current chapter and transcript line, marked as the episode plays. */
  function follow(at) {
    document.querySelectorAll("[data-follow]").forEach(function (list) {
      var current = null;
      list.querySelectorAll("[data-seek]").forEach(function (link) {
        if (parseFloat(link.dataset.seek) <= at) current = link;
      });
      list.querySelectorAll("[data-seek]").forEach(function (link) {
        var on = link === current;
        link.parentNode.classList.toggle("is-current", on);
        if (on) link.setAttribute("aria-current", "true");
        else link.removeAttribute("aria-current");
      });
    });
  }

  document.querySelectorAll("[data-player]").forEach(enhance);
  mainPlayer = document.querySelector(".player--main.is-enhanced");

  /* Chapters and transcript lines seek the episode's player, as links to #t= do. */
  function jump(seconds) {
    if (!mainPlayer || isNaN(seconds)) return false;
    mainPlayer.seekTo(seconds);
    mainPlayer.audio.play().catch(function () {});
    return true;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-seek]");
    if (link && jump(parseFloat(link.dataset.seek))) event.preventDefault();
  });
  var fromHash = /^#t=(\d+)$/.exec(window.location.hash);
  if (fromHash) jump(parseInt(fromHash[1], 10));
  if (mainPlayer) follow(mainPlayer.position());

  /* Share: the system's share sheet where there is one; the link at the current time. */
  document.querySelectorAll("[data-share]").forEach(function (box) {
    var url = box.dataset.url, status = box.querySelector("[role=status]");
    var native = box.querySelector("[data-share-native]");
    var atTime = box.querySelector("[data-share-time]");
    if (native && navigator.share) {
      native.hidden = false;
      native.addEventListener("click", function () {
        navigator.share({ title: box.dataset.title, url: url }).catch(function () {});
      });
    }
    if (atTime && navigator.clipboard && mainPlayer) {
      atTime.hidden = false;
      atTime.addEventListener("click", function () {
        var at = Math.floor(mainPlayer.position());
        var link = url.split("#")[0] + "#t=" + at;
        navigator.clipboard.writeText(link).then(
          function () { status.textContent = "Lien copié : il ouvre l'épisode à " + clock(at) + "."; },
          function () { status.textContent = "Copie impossible : copiez ce lien vous-même : " + link; }
        );
      });
    }
  });
})();
