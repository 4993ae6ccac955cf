// StatusStream page script: keeps the server-rendered page live from the SSE stream.
// No framework, no build step. Operator text is only ever set with textContent, never as HTML.
(function () {
  "use strict";

  var page = JSON.parse(document.body.getAttribute("data-page"));
  var text = page.text;
  var version = page.version;
  var source = null;
  var attempt = 0;
  var reconnectTimer = null;
  var pollTimer = null;
  var POLL_MS = 30000;
  var MAX_BACKOFF_MS = 60000;

  // ---- time: shown in the reader's zone, with the zone named ----
  var timeFormat = new Intl.DateTimeFormat(page.lang, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short"
  });

  function formatTime(iso) {
    var d = new Date(iso);
    return isNaN(d.getTime()) ? iso : timeFormat.format(d);
  }

  function localizeTimes(root) {
    var times = root.querySelectorAll("time[datetime]");
    for (var i = 0; i < times.length; i++) {
      times[i].textContent = formatTime(times[i].getAttribute("datetime"));
    }
  }

  // ---- operator text in the reader's language ----
  function pick(localized) {
    if (!localized) return "";
    for (var i = 0; i < page.preferred.length; i++) {
      if (localized[page.preferred[i]]) return localized[page.preferred[i]];
    }
    if (localized[page.fallback]) return localized[page.fallback];
    for (var key in localized) {
      if (Object.prototype.hasOwnProperty.call(localized, key)) return localized[key];
    }
    return "";
  }

  function t(key) {
    return text[key] || key;
  }

  // ---- DOM helpers ----
  function el(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content !== undefined && content !== null) node.textContent = content;
    return node;
  }

  function timeEl(iso) {
    var node = el("time", null, formatTime(iso));
    node.setAttribute("datetime", iso);
    return node;
  }

  function replaceChildren(parent, children) {
    while (parent.firstChild) parent.removeChild(parent.firstChild);
    children.forEach(function (c) { parent.appendChild(c); });
  }

  // ---- rendering a snapshot ----
  function renderIncident(incident, labels) {
    var article = el("article", "incident impact-" + incident.incidentImpact);
    article.setAttribute("data-slug", incident.slug);
    var header = el("header");
    header.appendChild(el("h3", null, pick(incident.title)));
    header.appendChild(el("span", "badge state-" + incident.state, t("state." + incident.state)));
    article.appendChild(header);
    if (incident.affectedServiceIds && incident.affectedServiceIds.length) {
      var names = incident.affectedServiceIds.map(function (id) { return labels[id] || id; });
      article.appendChild(el("p", "affects", t("affects") + ": " + names.join(", ")));
    }
    if (incident.scheduledFor) {
      var win = el("p", "window", t("window") + ": ");
      win.appendChild(timeEl(incident.scheduledFor));
      win.appendChild(document.createTextNode(" – "));
      win.appendChild(timeEl(incident.scheduledUntil));
      article.appendChild(win);
    }
    var list = el("ol", "updates");
    (incident.updates || []).forEach(function (u) {
      var item = el("li", "update state-" + u.status);
      item.appendChild(el("span", "update-state", t("state." + u.status)));
      item.appendChild(document.createTextNode(" "));
      item.appendChild(timeEl(u.createdAt));
      var body = pick(u.body);
      if (body) item.appendChild(el("p", "body", body));
      list.appendChild(item);
    });
    article.appendChild(list);
    return article;
  }

  function renderServices(services) {
    var groups = [];
    var byName = {};
    services.forEach(function (s) {
      var name = s.category || t("services.ungrouped");
      if (!byName[name]) {
        byName[name] = [];
        groups.push(name);
      }
      byName[name].push(s);
    });
    if (!groups.length) return [el("p", "empty", t("services.none"))];
    return groups.map(function (name) {
      var group = el("div", "group");
      group.appendChild(el("h3", null, name));
      var ul = el("ul");
      byName[name].forEach(function (s) {
        var li = el("li", "service");
        li.setAttribute("data-id", s.id);
        var head = el("div", "service-head");
        head.appendChild(el("span", "name", pick(s.label)));
        head.appendChild(el("span", "badge status-" + s.status, t("status." + s.status)));
        li.appendChild(head);
        var summary = pick(s.statusSummary);
        if (summary) li.appendChild(el("p", "summary", summary));
        var since = el("p", "since", t("since") + " ");
        since.appendChild(timeEl(s.statusSince));
        li.appendChild(since);
        ul.appendChild(li);
      });
      group.appendChild(ul);
      return group;
    });
  }

  function renderSection(id, incidents, labels, emptyKey) {
    var section = document.getElementById(id);
    var list = section.querySelector(".list");
    var nodes = incidents.map(function (i) { return renderIncident(i, labels); });
    if (!nodes.length && emptyKey) nodes = [el("p", "empty", t(emptyKey))];
    replaceChildren(list, nodes);
    section.hidden = !nodes.length;
  }

  function render(snapshot) {
    if (typeof snapshot.version !== "number" || snapshot.version <= version) return;
    version = snapshot.version;
    var labels = {};
    snapshot.services.forEach(function (s) { labels[s.id] = pick(s.label); });

    var overall = document.getElementById("overall");
    overall.className = "overall status-" + snapshot.statusLabel;
    overall.querySelector(".overall-text").textContent = t("overall." + snapshot.statusLabel);
    document.title = t("overall." + snapshot.statusLabel) + " · " + t("page.title");

    var open = [], maintenance = [], recent = [];
    snapshot.incidents.forEach(function (i) {
      var over = i.state === "resolved" || i.state === "completed";
      if (over) recent.push(i);
      else if (i.kind === "maintenance") maintenance.push(i);
      else open.push(i);
    });
    renderSection("incidents", open, labels, "incidents.none");
    document.getElementById("incidents").hidden = false;
    renderSection("maintenance", maintenance, labels, null);
    renderSection("recent", recent, labels, null);
    replaceChildren(document.querySelector("#services .list"), renderServices(snapshot.services));

    document.getElementById("version").textContent = String(snapshot.version);
    var generated = document.getElementById("generated");
    generated.setAttribute("datetime", snapshot.generatedAt);
    generated.textContent = formatTime(snapshot.generatedAt);
  }

  // ---- the connection ----
  function setConnection(state) {
    var node = document.getElementById("connection");
    node.setAttribute("data-state", state);
    node.querySelector(".text").textContent = t("connection." + state);
  }

  function onSnapshotText(data) {
    try {
      render(JSON.parse(data));
    } catch (e) {
      // a frame we cannot read is skipped; the next snapshot carries everything
    }
  }

  function connect() {
    reconnectTimer = null;
    var url = page.stream + (version > 0 ? "?lastEventId=" + encodeURIComponent(version) : "");
    source = new EventSource(url);
    source.onopen = function () {
      attempt = 0;
      stopPolling();
      setConnection("live");
    };
    source.onmessage = function (event) {
      onSnapshotText(event.data);
    };
    source.onerror = function () {
      if (source.readyState === EventSource.CONNECTING) {
        // the browser retries by itself (network error, or the stream ended)
        setConnection("reconnecting");
        return;
      }
      // CLOSED: the browser gave up for good (any non-200 answer); we reconnect ourselves
      source.close();
      scheduleReconnect();
    };
  }

  function scheduleReconnect() {
    if (reconnectTimer) return;
    attempt++;
    var ceiling = Math.min(MAX_BACKOFF_MS, 1000 * Math.pow(2, attempt));
    var delay = Math.round(ceiling / 2 + Math.random() * ceiling / 2);
    setConnection(attempt > 2 ? "offline" : "reconnecting");
    startPolling();
    reconnectTimer = setTimeout(connect, delay);
  }

  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", page.api);
    request.setRequestHeader("Accept", "application/json");
    request.onload = function () {
      if (request.status === 200) {
        onSnapshotText(request.responseText);
        if (attempt > 2) setConnection("polling");
      }
    };
    request.send();
  }

  function startPolling() {
    if (!pollTimer) pollTimer = setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    if (pollTimer) {
      clearInterval(pollTimer);
      pollTimer = null;
    }
  }

  localizeTimes(document);
  if (typeof EventSource === "undefined") {
    setConnection("polling");
    startPolling();
  } else {
    setConnection("reconnecting");
    connect();
  }
})();
