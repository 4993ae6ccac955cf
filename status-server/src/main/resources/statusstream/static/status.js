// StatusStream page script: keeps the server-rendered page live from the SSE stream.
// No framework, no build step. Operator text is only ever set with textContent, never as HTML.
// The markup built here mirrors the JTE templates (src/main/jte): same elements, same classes, same
// order. The browser tests compare the two after every kind of change, so keep them in step.
(function () {
  "use strict";

  var page = JSON.parse(document.body.getAttribute("data-page") || "{}");
  var text = page.text || {};
  var version = page.version || 0;
  var source = null;
  var attempt = 0;
  var failingSince = 0;
  var reconnectTimer = null;
  var pollTimer = null;
  var pollRequest = null;
  var lastPollFailed = false;
  var shown = {};
  var pastBySlug = {};
  var POLL_MS = 30000;
  var POLL_TIMEOUT_MS = 10000;
  var MAX_BACKOFF_MS = 60000;
  var POLL_AFTER_MS = 30000;
  var DAY_MS = 86400000;
  var hasEventSource = typeof EventSource !== "undefined";

  // ---- words: the server's messages, with the same {0} placeholder rule as PageText ----
  function t(key) {
    var s = Object.prototype.hasOwnProperty.call(text, key) ? text[key] : key;
    for (var i = 1; i < arguments.length; i++) s = s.split("{" + (i - 1) + "}").join(String(arguments[i]));
    return s;
  }

  function count(prefix, n) {
    return n === 1 ? t(prefix + ".one") : t(prefix + ".count", n);
  }

  function around(key) {
    var s = t(key), at = s.indexOf("{0}");
    return at < 0 ? [s, ""] : [s.slice(0, at), s.slice(at + 3)];
  }

  // operator text in the reader's language: the first preferred language, then the default, then any
  function pick(localized) {
    if (!localized) return "";
    var preferred = page.preferred || [];
    for (var i = 0; i < preferred.length; i++) {
      if (localized[preferred[i]]) return localized[preferred[i]];
    }
    if (localized[page.fallback]) return localized[page.fallback];
    for (var key in localized) {
      if (Object.prototype.hasOwnProperty.call(localized, key)) return localized[key];
    }
    return "";
  }

  // ---- time: shown in the reader's zone, with the zone named ----
  var timeFormat = new Intl.DateTimeFormat(page.lang, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });
  var secondsFormat = new Intl.DateTimeFormat(page.lang, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", second: "2-digit",
    timeZoneName: "short"
  });

  // precision "seconds" for the two ends of a span within one minute (PageText.precision), else minutes
  function formatTime(iso, precision) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : (precision === "seconds" ? secondsFormat : timeFormat).format(d);
  }

  function precision(from, to) {
    return to && Math.floor(Date.parse(from) / 60000) === Math.floor(Date.parse(to) / 60000) ? "seconds" : "minutes";
  }

  function localizeTimes(root) {
    var times = root.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) times[i].textContent = formatTime(times[i].getAttribute("datetime"), times[i].getAttribute("data-precision"));
  }

  // ---- DOM helpers ----
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = content;
    return node;
  }

  function add(parent) {
    for (var i = 1; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === "") continue;
      parent.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return parent;
  }

  function timeEl(iso, spanPrecision) {
    var node = el("time", null, formatTime(iso, spanPrecision));
    node.setAttribute("datetime", iso);
    if (spanPrecision) node.setAttribute("data-precision", spanPrecision);
    return node;
  }

  function replaceChildren(parent, children) {
    while (parent.firstChild) parent.removeChild(parent.firstChild);
    children.forEach(function (c) { parent.appendChild(c); });
  }

  // ---- incidents (parts/incident.jte, parts/updates.jte) ----
  function isOver(incident) {
    return incident.state === "resolved" || incident.state === "completed";
  }

  function safeLink(link) {
    var lower = (link || "").trim().toLowerCase();
    return lower.indexOf("https://") === 0 || lower.indexOf("http://") === 0 ? link.trim() : "";
  }

  function renderUpdates(updates) {
    var list = el("ol", "updates");
    updates.forEach(function (u) {
      var item = el("li", "update state-" + u.status);
      item.setAttribute("data-id", u.id);
      add(item, el("span", "update-state", t("state." + u.status)), " ", timeEl(u.createdAt));
      var body = pick(u.body);
      if (body) item.appendChild(el("p", "body", body));
      list.appendChild(item);
    });
    return list;
  }

  function fact(dl, key, value, className) {
    dl.appendChild(el("dt", null, t(key)));
    var dd = el("dd", className || null);
    add(dd, value);
    dl.appendChild(dd);
  }

  function renderIncident(incident, labels, mode) {
    var full = mode === "full";
    var article = el("article", "incident impact-" + incident.incidentImpact);
    article.setAttribute("data-slug", incident.slug);
    var header = el("header", "incident-head");
    var title = pick(incident.title);
    if (full) {
      header.appendChild(el("h1", "incident-title", title));
    } else {
      var heading = el("h3", "incident-title");
      var link = el("a", null, title);
      link.setAttribute("href", page.base + "/incidents/" + encodeURIComponent(incident.slug));
      heading.appendChild(link);
      header.appendChild(heading);
    }
    header.appendChild(el("span", "badge state-" + incident.state, t("state." + incident.state)));
    article.appendChild(header);

    var meta = el("p", "meta");
    meta.appendChild(el("span", "impact", t("impact") + ": " + t("status." + incident.incidentImpact)));
    var affected = incident.affectedServiceIds || [];
    if (affected.length) {
      var names = affected.map(function (id) { return labels[id] || id; });
      add(meta, " ", el("span", "affects", t("affects") + ": " + names.join(", ")));
    }
    article.appendChild(meta);
    if (incident.scheduledFor) {
      var windowPrecision = precision(incident.scheduledFor, incident.scheduledUntil);
      var win = add(el("p", "window"), t("window") + ": ", timeEl(incident.scheduledFor, windowPrecision));
      if (incident.scheduledUntil) add(win, " – ", timeEl(incident.scheduledUntil, windowPrecision));
      article.appendChild(win);
    }
    if (mode === "past" && !incident.scheduledFor) {
      var whenPrecision = precision(incident.startedAt, incident.resolvedAt);
      var when = add(el("p", "when"), timeEl(incident.startedAt, whenPrecision));
      if (incident.resolvedAt) add(when, " – ", timeEl(incident.resolvedAt, whenPrecision));
      article.appendChild(when);
    }
    if (full) {
      var dl = el("dl", "facts");
      fact(dl, "incident.started", timeEl(incident.startedAt));
      if (incident.resolvedAt) fact(dl, "incident.resolved", timeEl(incident.resolvedAt));
      if (incident.estimatedResolveDate && !isOver(incident)) fact(dl, "incident.estimated", timeEl(incident.estimatedResolveDate));
      if (pick(incident.description)) fact(dl, "incident.description", pick(incident.description), "description");
      if (pick(incident.cause)) fact(dl, "incident.cause", pick(incident.cause), "cause");
      var href = safeLink(incident.externalLink);
      if (href) {
        var a = el("a", null, href);
        a.setAttribute("href", href);
        a.setAttribute("rel", "noopener noreferrer nofollow");
        fact(dl, "incident.link", a);
      }
      article.appendChild(dl);
      var postmortem = incident.postmortem ? pick(incident.postmortem.body) : "";
      if (postmortem) {
        var section = el("section", "postmortem");
        section.id = "postmortem";
        section.setAttribute("aria-labelledby", "postmortem-heading");
        var heading2 = el("h2", null, t("incident.postmortem"));
        heading2.id = "postmortem-heading";
        add(section, heading2, add(el("p", "postmortem-published"), t("incident.postmortemPublished") + " ",
            timeEl(incident.postmortem.publishedAt)));
        postmortem.split(/\r?\n[ \t]*\r?\n/).forEach(function (p) {
          if (p.trim()) section.appendChild(el("p", null, p.trim()));
        });
        article.appendChild(section);
      }
      article.appendChild(el("h2", "timeline-heading", t("incident.timeline")));
    }
    if (mode === "past" && incident.postmortem && pick(incident.postmortem.body)) {
      var more = el("a", null, t("incident.readPostmortem"));
      more.setAttribute("href", page.base + "/incidents/" + encodeURIComponent(incident.slug) + "#postmortem");
      article.appendChild(add(el("p", "postmortem-link"), more));
    }
    var updates = incident.updates || [];
    if (mode === "past") {
      if (updates.length) {
        var details = el("details", "timeline");
        add(details, el("summary", null, count("updates", updates.length)), renderUpdates(updates));
        article.appendChild(details);
      }
    } else {
      article.appendChild(renderUpdates(updates));
    }
    return article;
  }

  // ---- services (parts/service.jte), keeping each service's server-computed uptime bar ----
  function severity(status) {
    return (page.severity || []).indexOf(status);
  }

  function markToday(bar, status) {
    var today = bar.querySelector(".day.today");
    if (!today) return;
    var match = /(?:^| )status-(\S+)/.exec(today.className);
    var current = match ? match[1] : "none";
    if (severity(status) <= severity(current)) return;
    today.className = today.className.replace(/(^| )status-\S+/, "$1status-" + status);
    var label = today.querySelector(".tip-status");
    if (label) label.textContent = t("status." + status);
  }

  function renderService(s, bars) {
    var li = el("li", "service");
    li.setAttribute("data-id", s.id);
    add(li, add(el("div", "service-head"), el("span", "name", pick(s.label)),
        el("span", "badge status-" + s.status, t("status." + s.status))));
    if (pick(s.description)) li.appendChild(el("p", "description", pick(s.description)));
    if (pick(s.statusSummary)) li.appendChild(el("p", "summary", pick(s.statusSummary)));
    var since = around("since");
    li.appendChild(add(el("p", "since"), since[0], timeEl(s.statusSince), since[1]));
    var bar = bars[s.id];
    if (bar) {
      markToday(bar, s.status);
      li.appendChild(bar);
    }
    return li;
  }

  function renderServices(services) {
    var bars = {};
    var existing = document.querySelectorAll("#services .service");
    for (var i = 0; i < existing.length; i++) {
      var bar = existing[i].querySelector(".uptime");
      if (bar) bars[existing[i].getAttribute("data-id")] = bar;
    }
    var focused = document.activeElement;
    var groups = [], byName = {};
    services.forEach(function (s) {
      var name = s.category || t("services.ungrouped");
      if (!byName[name]) {
        byName[name] = [];
        groups.push(name);
      }
      byName[name].push(s);
    });
    var nodes = groups.map(function (name) {
      var ul = el("ul", "services");
      byName[name].forEach(function (s) { ul.appendChild(renderService(s, bars)); });
      return add(el("div", "group"), el("h3", "group-name", name), ul);
    });
    if (!nodes.length) nodes = [el("p", "empty", t("services.none"))];
    replaceChildren(document.querySelector("#services .list"), nodes);
    if (focused && focused.classList && focused.classList.contains("day") && document.body.contains(focused)) focused.focus();
  }

  // ---- the front page ----
  function start(incident) {
    return new Date(incident.scheduledFor || incident.startedAt).getTime();
  }

  // ended incidents of the last days, newest first: the same rule as PageView.past
  function past(snapshot) {
    snapshot.incidents.forEach(function (i) { pastBySlug[i.slug] = i; });
    var since = Date.now() - (page.pastDays || 14) * DAY_MS;
    var list = [];
    for (var slug in pastBySlug) {
      if (!Object.prototype.hasOwnProperty.call(pastBySlug, slug)) continue;
      var i = pastBySlug[slug];
      if (isOver(i) && new Date(i.resolvedAt || i.updatedAt).getTime() > since) list.push(i);
    }
    list.sort(function (a, b) {
      return start(b) - start(a) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0);
    });
    return list.slice(0, page.pastLimit || 50);
  }

  function changed(part, value) {
    var json = JSON.stringify(value);
    if (shown[part] === json) return false;
    shown[part] = json;
    return true;
  }

  function renderSection(id, incidents, labels, mode, empty) {
    var section = document.getElementById(id);
    var nodes = incidents.map(function (i) { return renderIncident(i, labels, mode); });
    if (!nodes.length && empty) nodes = [el("p", "empty", empty)];
    replaceChildren(section.querySelector(".list"), nodes);
    section.hidden = !nodes.length;
  }

  function renderIndex(snapshot, labels) {
    var overall = document.getElementById("overall");
    overall.className = "overall status-" + snapshot.statusLabel;
    // an outage of some but not all services is a partial outage (PageView.overallKey)
    var partial = snapshot.statusLabel === "outage"
        && !snapshot.services.every(function (s) { return s.status === "outage"; });
    var words = t(partial ? "overall.partialOutage" : "overall." + snapshot.statusLabel);
    overall.querySelector(".overall-text").textContent = words;
    document.title = words + " · " + (page.brand || t("page.title"));

    var open = [], maintenance = [];
    snapshot.incidents.forEach(function (i) {
      if (!isOver(i)) (i.kind === "maintenance" ? maintenance : open).push(i);
    });
    if (changed("incidents", [open, labels])) renderSection("incidents", open, labels, "list", t("incidents.none"));
    if (changed("maintenance", [maintenance, labels])) renderSection("maintenance", maintenance, labels, "list", null);
    if (changed("services", snapshot.services)) renderServices(snapshot.services);
    var ended = past(snapshot);
    if (changed("past", [ended, labels])) renderSection("past", ended, labels, "past", t("past.none", page.pastDays || 14));

    var generated = document.getElementById("generated");
    generated.setAttribute("datetime", snapshot.generatedAt);
    generated.setAttribute("data-version", String(snapshot.version));
    generated.textContent = formatTime(snapshot.generatedAt);
    // version 0 (nothing written yet) has no time to show
    generated.parentNode.hidden = !snapshot.version;
  }

  // ---- the incident page: the snapshot carries the newest updates; older ones stay as rendered ----
  function renderIncidentPage(snapshot, labels) {
    var incident = null;
    snapshot.incidents.forEach(function (i) { if (i.slug === page.slug) incident = i; });
    if (!incident || !changed("incident", [incident, labels])) return;
    var container = document.getElementById("incident");
    var known = {};
    (incident.updates || []).forEach(function (u) { known[u.id] = true; });
    var older = [];
    var items = container.querySelectorAll(".update");
    for (var i = 0; i < items.length; i++) {
      if (!known[items[i].getAttribute("data-id")]) older.push(items[i]);
    }
    var article = renderIncident(incident, labels, "full");
    var list = article.querySelector(".updates");
    older.forEach(function (item) { list.appendChild(item); });
    replaceChildren(container, [article]);
    document.title = pick(incident.title) + " · " + (page.brand || t("page.title"));
  }

  function render(snapshot) {
    if (typeof snapshot.version !== "number" || snapshot.version <= version) return;
    version = snapshot.version;
    var labels = {};
    snapshot.services.forEach(function (s) { labels[s.id] = pick(s.label); });
    if (page.view === "index") renderIndex(snapshot, labels);
    else if (page.view === "incident") renderIncidentPage(snapshot, labels);
  }

  // ---- uptime bars: each cell comes with its words in a title (date, status, detail: a line each), the
  // browser's own tooltip without this script; here they become the cell's tip, shown on hover and focus,
  // and every cell becomes focusable for the arrow keys ----
  function tipsFor(bar) {
    var days = bar.querySelectorAll(".day[title]");
    for (var i = 0; i < days.length; i++) {
      var day = days[i], lines = day.getAttribute("title").split("\n");
      var tip = add(el("span", "tip"), el("span", "tip-date", lines[0]), " ", el("span", "tip-status", lines[1] || ""));
      if (lines[2]) add(tip, " ", el("span", "tip-detail", lines[2]));
      day.appendChild(tip);
      day.removeAttribute("title");
      if (!day.hasAttribute("tabindex")) day.setAttribute("tabindex", "-1");
    }
    return bar;
  }

  // ---- uptime bars: one tab stop per bar, arrow keys move between days (roving tabindex) ----
  // Only among the days on screen: a phone hides the oldest 60 (status.css), a hidden day cannot take focus,
  // and handing it the bar's only tab stop would leave the bar unreachable by keyboard.
  function rendered(node) {
    return node.getClientRects().length > 0;
  }

  function moveTabStop(from, to) {
    if (from) from.setAttribute("tabindex", "-1");
    to.setAttribute("tabindex", "0");
  }

  document.addEventListener("keydown", function (event) {
    var day = event.target;
    if (!day.classList || !day.classList.contains("day")) return;
    var days = Array.prototype.filter.call(day.parentNode.children, rendered);
    var at = days.indexOf(day), to = at;
    if (at < 0) return;
    if (event.key === "ArrowLeft") to = Math.max(0, at - 1);
    else if (event.key === "ArrowRight") to = Math.min(days.length - 1, at + 1);
    else if (event.key === "Home") to = 0;
    else if (event.key === "End") to = days.length - 1;
    else return;
    event.preventDefault();
    moveTabStop(day, days[to]);
    days[to].focus();
  });

  // a window made narrower (a phone turned upright) can hide a bar's tab stop: hand it back to today
  window.addEventListener("resize", function () {
    var stops = document.querySelectorAll(".bar .day[tabindex='0']");
    for (var i = 0; i < stops.length; i++) {
      var today = stops[i].parentNode.querySelector(".day.today");
      if (!rendered(stops[i]) && today && today !== stops[i]) moveTabStop(stops[i], today);
    }
  });

  // ---- uptime bars as time passes ----
  // The bars are computed by the server (UptimeBars) and come only with the page's HTML; the stream carries
  // the current status, which markToday() folds into today's cell. The server draws them as of a step of
  // its clock (page.barsEvery, five minutes), so the hours of an outage still going on grow from one step
  // to the next, and once the UTC day has changed the bars cover the wrong 90 days: so once a step (and at
  // once after midnight) the page asks the server for itself again and takes the fresh bars from that copy;
  // services added since the page was loaded get their bars then too. The copy is served from the server's
  // memory, and a browser that still has it gets a 304.
  // Why parsed HTML is acceptable here, when operator text is otherwise only ever set as text: the copy is
  // our own page from our own origin, rendered by JTE, which escapes every piece of operator text, so the
  // parsed tree holds exactly the elements the templates write. A document parsed from XHR runs no script
  // and loads nothing. As a second line, a bar is only adopted if it holds nothing but the elements a bar
  // is made of and no event handler attributes (harmlessBar).
  var loadedDay = utcDay(Date.now());
  // when the bars were last fetched, spread over a minute so that open pages do not all ask at once
  var barsAt = Date.now() - Math.random() * 60000;
  var refreshing = false;
  var BAR_TAGS = { DIV: true, OL: true, LI: true, SPAN: true, P: true };

  function utcDay(ms) {
    return new Date(ms).toISOString().slice(0, 10);
  }

  // the day the bars end with: today's cell, or, on a page without bars, the day it was loaded
  function barsDay() {
    var today = document.querySelector("#services .day.today");
    return today ? today.getAttribute("data-day") : loadedDay;
  }

  function harmlessBar(bar) {
    var nodes = [bar].concat(Array.prototype.slice.call(bar.querySelectorAll("*")));
    return nodes.every(function (node) {
      return BAR_TAGS[node.tagName] && Array.prototype.every.call(node.attributes, function (a) {
        return a.name.toLowerCase().indexOf("on") !== 0 && a.name.toLowerCase() !== "style";
      });
    });
  }

  function checkDay() {
    var stale = page.barsEvery && Date.now() - barsAt >= page.barsEvery && document.visibilityState !== "hidden";
    if (page.view !== "index" || refreshing || (barsDay() === utcDay(Date.now()) && !stale)) return;
    refreshing = true;
    barsAt = Date.now();
    var request = new XMLHttpRequest();
    request.open("GET", page.base + "/?lang=" + encodeURIComponent(page.lang));
    request.responseType = "document";
    request.timeout = 20000;
    request.onloadend = function () {
      refreshing = false;
      if (request.status === 200 && request.response) adoptBars(request.response);
    };
    request.send();
  }

  function adoptBars(copy) {
    var section = document.getElementById("services");
    var fresh = {}, any = false;
    var theirs = copy.querySelectorAll("#services .service[data-id]");
    for (var i = 0; i < theirs.length; i++) {
      var bar = theirs[i].querySelector(".uptime");
      if (bar && harmlessBar(bar)) {
        fresh[theirs[i].getAttribute("data-id")] = bar;
        any = true;
      }
    }
    var focused = document.activeElement;
    var ours = section.querySelectorAll(".service[data-id]");
    for (var j = 0; j < ours.length; j++) {
      var li = ours[j], next = fresh[li.getAttribute("data-id")];
      if (!next) continue; // no bar in the copy (history unavailable there): keep ours
      next = tipsFor(document.importNode(next, true));
      var badge = /(?:^| )status-(\S+)/.exec(li.querySelector(".service-head .badge").className);
      if (badge) markToday(next, badge[1]);
      var old = li.querySelector(".uptime");
      if (old) li.replaceChild(next, old);
      else li.appendChild(next);
      if (old && old.contains(focused)) {
        // keep the keyboard where it was: the same day if the bar still has it, else today
        var same = next.querySelector(".day[data-day='" + focused.getAttribute("data-day") + "']");
        var target = same && rendered(same) ? same : next.querySelector(".day.today");
        if (target) {
          moveTabStop(next.querySelector(".day[tabindex='0']"), target);
          target.focus();
        }
      }
    }
    // the notice that history is unavailable follows the copy
    var notice = section.querySelector(".notice"), theirNotice = copy.querySelector("#services > .notice");
    if (notice && !theirNotice) section.removeChild(notice);
    else if (!notice && theirNotice && harmlessBar(theirNotice)) {
      section.insertBefore(document.importNode(theirNotice, true), section.querySelector(".list"));
    }
    if (any || !theirs.length) loadedDay = utcDay(Date.now());
  }

  // at the next midnight UTC, spread over a minute so that open pages do not all ask at the same instant;
  // every minute (for a new step) and whenever the page is shown again, in case a sleeping computer delayed the timer
  function atMidnight() {
    var now = Date.now();
    setTimeout(function () {
      checkDay();
      atMidnight();
    }, (Math.floor(now / DAY_MS) + 1) * DAY_MS - now + Math.random() * 60000);
  }

  // ---- the connection ----
  function setConnection(state) {
    var node = document.getElementById("connection");
    // role=status: a screen reader announces every change of the text, so only write a new state
    if (!node || node.getAttribute("data-state") === state) return;
    node.setAttribute("data-state", state);
    node.querySelector(".text").textContent = t("connection." + state);
  }

  // The indicator is worked out from what is known now, not from the last event, so that the stream's
  // retries and the polls cannot overrule each other:
  //   live          the stream is open;
  //   offline       the browser says it is offline, or the stream is down and the last poll failed too;
  //   reconnecting  the stream is down and being tried again, and the data is still fresh (the last poll
  //                 worked, or polling has not started yet);
  //   polling       a browser without EventSource: polling is all there is.
  function showConnection() {
    if (source && source.readyState === EventSource.OPEN) setConnection("live");
    else if (navigator.onLine === false || lastPollFailed) setConnection("offline");
    else setConnection(hasEventSource ? "reconnecting" : "polling");
  }

  function onSnapshotText(data) {
    var snapshot;
    try {
      snapshot = JSON.parse(data);
    } catch (e) {
      return; // a frame we cannot read is skipped; the next snapshot carries everything
    }
    render(snapshot);
  }

  function connect() {
    reconnectTimer = null;
    var url = page.stream + (version > 0 ? "?lastEventId=" + encodeURIComponent(version) : "");
    source = new EventSource(url);
    source.onopen = function () {
      attempt = 0;
      failingSince = 0;
      stopPolling();
      showConnection();
    };
    source.onmessage = function (event) {
      onSnapshotText(event.data);
    };
    source.onerror = function () {
      if (!failingSince) failingSince = Date.now();
      if (source.readyState === EventSource.CONNECTING) {
        // the browser retries by itself (network error, or the stream ended); if that goes on for long,
        // poll as well, so the page stays current and the indicator can tell fresh data from none
        if (Date.now() - failingSince > POLL_AFTER_MS) startPolling();
        showConnection();
        return;
      }
      // CLOSED: the browser gave up for good (any non-200 answer); we reconnect ourselves, polling meanwhile
      source.close();
      scheduleReconnect();
      startPolling();
      showConnection();
    };
  }

  // exponential backoff with jitter, capped: 1-2 s, 2-4 s, 4-8 s ... up to 30-60 s
  function scheduleReconnect() {
    if (reconnectTimer) return;
    attempt++;
    var ceiling = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, attempt));
    var delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    reconnectTimer = setTimeout(connect, delay);
  }

  function poll() {
    if (pollRequest) return; // the last poll is still waiting for its answer
    var request = pollRequest = new XMLHttpRequest();
    request.open("GET", page.api);
    request.setRequestHeader("Accept", "application/json");
    request.timeout = POLL_TIMEOUT_MS;
    // loadend follows every ending: an answer, a network error, a timeout or an abort
    request.onloadend = function () {
      pollRequest = null;
      if (!pollTimer) return; // polling stopped meanwhile: the stream is back, or the page was left
      lastPollFailed = request.status !== 200;
      if (!lastPollFailed) onSnapshotText(request.responseText);
      showConnection();
    };
    request.send();
  }

  function startPolling() {
    if (pollTimer) return;
    pollTimer = setInterval(poll, POLL_MS);
    poll();
  }

  function stopPolling() {
    if (pollTimer) {
      clearInterval(pollTimer);
      pollTimer = null;
    }
    if (pollRequest) pollRequest.abort();
    pollRequest = null;
    lastPollFailed = false;
  }

  (page.past || []).forEach(function (i) { pastBySlug[i.slug] = i; });
  Array.prototype.forEach.call(document.querySelectorAll(".bar"), tipsFor);
  localizeTimes(document);
  if (!page.stream) return;
  if (page.view === "index") {
    atMidnight();
    setInterval(checkDay, 60000);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") checkDay();
    });
  }
  // a page kept in the back/forward cache would otherwise keep its stream open: browsers allow only six
  // connections per site over HTTP/1.1, so a few pages in the history would stall the next page load
  window.addEventListener("pagehide", function () {
    if (source) source.close();
    if (reconnectTimer) clearTimeout(reconnectTimer);
    reconnectTimer = null;
    stopPolling();
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && hasEventSource) {
      attempt = 0;
      failingSince = 0;
      setConnection("connecting");
      connect();
    } else if (event.persisted) {
      startPolling();
    }
  });
  window.addEventListener("offline", showConnection);
  // back online: try the stream (and poll) at once rather than at the end of a long backoff
  window.addEventListener("online", function () {
    if (reconnectTimer) {
      clearTimeout(reconnectTimer);
      connect();
    }
    if (pollTimer) poll();
    showConnection();
  });
  if (!hasEventSource) {
    setConnection("polling");
    startPolling();
  } else {
    setConnection("connecting");
    connect();
  }
})();
