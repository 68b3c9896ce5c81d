// newsevents dashboard: plain DOM code, no dependencies. Every piece of data is inserted as text
// (textContent / text nodes), never as HTML.
"use strict";

const $ = (sel) => document.querySelector(sel);
const SVG = "http://www.w3.org/2000/svg";

function el(tag, attrs, ...children) {
  const node = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "on") for (const [ev, fn] of Object.entries(v)) node.addEventListener(ev, fn);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    node.appendChild(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); return node; }

async function api(path, options) {
  const resp = await fetch(path, options);
  let body = null;
  try { body = await resp.json(); } catch (e) { body = null; }
  if (!resp.ok) {
    let msg = body && body.detail;
    if (Array.isArray(msg)) msg = msg.map((d) => (d.loc || []).slice(-1)[0] + ": " + d.msg).join("; ");
    throw new Error(msg || resp.status + " " + resp.statusText);
  }
  return body;
}

function status(id, text, isError) {
  const node = $(id);
  node.textContent = text || "";
  node.classList.toggle("error", !!isError);
}

// ---- views ---------------------------------------------------------------------------------------
const VIEWS = ["dyads", "events", "actors", "code", "map"];
const loaded = {};

function show(view) {
  if (!VIEWS.includes(view)) view = "dyads";
  for (const v of VIEWS) $("#view-" + v).hidden = v !== view;
  for (const a of document.querySelectorAll("#nav a[data-view]")) a.classList.toggle("active", a.dataset.view === view);
  $("#detail").hidden = true;
  if (!loaded[view]) { loaded[view] = true; INIT[view](); }
}

// ---- table helper --------------------------------------------------------------------------------
function table(columns, rows, onClick) {
  const head = el("tr", {}, columns.map((c) => el("th", {}, c.label)));
  const body = rows.map((r) => el("tr", onClick ? { class: "clickable", tabindex: 0, on: {
    click: () => onClick(r), keydown: (e) => { if (e.key === "Enter") onClick(r); } } } : {},
  columns.map((c) => el("td", c.cls ? { class: c.cls } : {}, c.value(r)))));
  return el("table", {}, el("thead", {}, head), el("tbody", {}, body));
}

const side = (code, text) => [code || "—", text ? " " + text : ""].join("");
const EVENT_COLUMNS = [
  { label: "date", value: (r) => r.event_date || "undated" },
  { label: "source", value: (r) => side(r.source_code, r.source_text) },
  { label: "action", value: (r) => (r.cameo || "") + " " + (r.cameo_name || "") },
  { label: "type", value: (r) => r.plover || "" },
  { label: "target", value: (r) => side(r.target_code, r.target_text) },
  { label: "reports", value: (r) => (r.mentions === undefined ? 1 : r.mentions) },
  { label: "conf.", value: (r) => (r.confidence === null ? "" : r.confidence.toFixed(2)) },
  { label: "evidence", cls: "evidence-cell", value: (r) => r.evidence || "" },
];

function eventTable(container, items) {
  clear(container).appendChild(items.length ? table(EVENT_COLUMNS, items, (r) => openEvent(r.id))
    : el("p", {}, "No events."));
}

// ---- evidence with highlights --------------------------------------------------------------------
function marked(text, spans) {
  // spans: [{role, start, end, title?}] offsets in text; overlapping spans after the first are skipped
  const out = el("span", { class: "marked" });
  let pos = 0;
  for (const s of [...spans].sort((a, b) => a.start - b.start || b.end - a.end)) {
    if (s.start < pos || s.end > text.length || s.end <= s.start) continue;
    out.appendChild(document.createTextNode(text.slice(pos, s.start)));
    out.appendChild(el("mark", { class: "hl-" + s.role, title: s.title || s.role }, text.slice(s.start, s.end)));
    pos = s.end;
  }
  out.appendChild(document.createTextNode(text.slice(pos)));
  return out;
}

async function openEvent(id) {
  const box = $("#detail");
  clear(box).hidden = false;
  box.appendChild(el("p", { class: "status" }, "loading…"));
  let d;
  try { d = await api("/api/events/" + encodeURIComponent(id)); } catch (e) {
    clear(box).appendChild(el("p", { class: "status error" }, String(e.message))); return;
  }
  clear(box);
  const m = d.merged || d.reports[0] || {};
  box.appendChild(el("h2", {}, (m.source_code || "—") + " → " + (m.cameo || "") + " " + (m.cameo_name || "")
    + " → " + (m.target_code || "—")));
  box.appendChild(el("p", { class: "meta" }, [
    "type " + (m.plover || "none"), "quad class " + m.quad_class, "Goldstein " + m.goldstein,
    "date " + (m.event_date || m.date || "undated"), m.location_name ? "in " + m.location_name : null,
    d.merged ? d.reports.length + " report(s) merged" : "single report",
  ].filter(Boolean).join(" · ")));
  for (const r of d.reports) {
    const art = r.article || {};
    const src = [art.title || art.id || "", art.source, art.pub_date].filter(Boolean).join(" · ");
    const head = art.url && /^https?:\/\//i.test(art.url)
      ? el("a", { href: art.url, rel: "noopener noreferrer", target: "_blank" }, src) : el("span", {}, src);
    box.appendChild(el("div", { class: "report" },
      el("p", { class: "meta" }, head, " — sentence ", String(r.sentence),
        r.evidence.start === null ? "" : ", characters " + r.evidence.start + "–" + (r.evidence.start + r.evidence.text.length)),
      el("div", { class: "evidence" }, marked(r.evidence.text || "", r.evidence.spans)),
      el("p", { class: "meta" }, "source ", el("mark", { class: "hl-source" }, r.source_text || "—"),
        " · trigger ", el("mark", { class: "hl-trigger" }, r.trigger.text || "—"),
        " · target ", el("mark", { class: "hl-target" }, r.target_text || "—"),
        " · confidence " + r.confidence,
        " · flags: " + (Object.entries(r.flags || {}).filter(([, v]) => v).map(([k]) => k).join(", ") || "none")),
      el("ul", {}, (r.why || []).map((w) => el("li", {}, w)))));
  }
  box.scrollIntoView({ behavior: "instant", block: "start" });
}

// ---- dyads ---------------------------------------------------------------------------------------
function periodEnd(start, by) {
  const d = new Date(start + "T00:00:00Z");
  if (by === "day") return start;
  if (by === "week") d.setUTCDate(d.getUTCDate() + 6);
  else {
    d.setUTCMonth(d.getUTCMonth() + ({ month: 1, quarter: 3, year: 12 })[by]);
    d.setUTCDate(d.getUTCDate() - 1);
  }
  return d.toISOString().slice(0, 10);
}

async function initDyads() {
  $("#dyad-form").addEventListener("submit", (e) => { e.preventDefault(); loadDyad(); });
  $("#dyad-pick").addEventListener("change", () => {
    const [a, b] = $("#dyad-pick").value.split(",");
    if (!a) return;
    $("#dyad-a").value = a; $("#dyad-b").value = b; loadDyad();
  });
  try {
    const top = await api("/api/dyads?limit=30");
    for (const d of top.items) $("#dyad-pick").appendChild(el("option", { value: d.a + "," + d.b }, d.a + " – " + d.b + " (" + d.events + ")"));
    if (top.items.length && !$("#dyad-a").value) {
      $("#dyad-pick").value = top.items[0].a + "," + top.items[0].b;
      $("#dyad-a").value = top.items[0].a; $("#dyad-b").value = top.items[0].b; loadDyad();
    }
  } catch (e) { status("#dyad-status", e.message, true); }
}

async function loadDyad() {
  const a = $("#dyad-a").value.trim(), b = $("#dyad-b").value.trim(), by = $("#dyad-by").value;
  if (!a || !b) { status("#dyad-status", "give two codes", true); return; }
  status("#dyad-status", "loading…");
  let d;
  try { d = await api(`/api/dyads/${encodeURIComponent(a)}/${encodeURIComponent(b)}?by=${by}`); } catch (e) {
    status("#dyad-status", e.message, true); return;
  }
  const n = d.series.reduce((s, p) => s + p.events, 0);
  status("#dyad-status", `${d.a} ↔ ${d.b}: ${n} dated events in ${d.series.length} period(s) (merged)`);
  drawDyad(d);
  clear($("#period-events")); $("#period-title").textContent = "";
}

function drawDyad(d) {
  const svg = clear($("#dyad-chart"));
  const W = 800, H = 320, L = 44, R = 44, T = 16, B = 36, mid = T + (H - T - B) / 2;
  const half = (H - T - B) / 2;
  const s = d.series;
  const coop = (p) => p.verbal_coop + p.material_coop, conf = (p) => p.verbal_conflict + p.material_conflict;
  const max = Math.max(1, ...s.map(coop), ...s.map(conf));
  const step = (W - L - R) / Math.max(1, s.length);
  const bw = Math.max(2, Math.min(40, step * 0.7));
  svg.appendChild(el("svg:line", { class: "axis", x1: L, x2: W - R, y1: mid, y2: mid }));
  svg.appendChild(el("svg:text", { class: "tick", x: 4, y: T + 10 }, "+" + max));
  svg.appendChild(el("svg:text", { class: "tick", x: 4, y: H - B }, "−" + max));
  svg.appendChild(el("svg:text", { class: "tick", x: W - R + 4, y: T + 10 }, "+1"));
  svg.appendChild(el("svg:text", { class: "tick", x: W - R + 4, y: H - B }, "−1"));
  const pts = [];
  s.forEach((p, i) => {
    const x = L + i * step + step / 2;
    const hc = (coop(p) / max) * half, hf = (conf(p) / max) * half;
    const g = el("svg:g", { class: "period", "data-period": p.period, tabindex: 0, role: "button",
      on: { click: () => periodEvents(d, i, g), keydown: (e) => { if (e.key === "Enter") periodEvents(d, i, g); } } },
    el("svg:rect", { class: "hit", x: L + i * step, y: T, width: step, height: H - T - B }),
    el("svg:rect", { class: "bar-coop", x: x - bw / 2, y: mid - hc, width: bw, height: hc }),
    el("svg:rect", { class: "bar-conf", x: x - bw / 2, y: mid, width: bw, height: hf }),
    el("svg:title", {}, `${label(d, i)}: ${coop(p)} cooperation, ${conf(p)} conflict, index ${p.coop_conflict_index ?? "–"}, Goldstein ${p.goldstein}`));
    svg.appendChild(g);
    if (p.coop_conflict_index !== null) pts.push([x, mid - p.coop_conflict_index * half]);  // none in an empty period
    if (s.length <= 16 || i % Math.ceil(s.length / 12) === 0)
      svg.appendChild(el("svg:text", { class: "tick", x: x, y: H - 12, "text-anchor": "middle" }, label(d, i)));
  });
  if (pts.length) {
    svg.appendChild(el("svg:polyline", { class: "idx-line", points: pts.map((q) => q.join(",")).join(" ") }));
    for (const [x, y] of pts) svg.appendChild(el("svg:circle", { class: "idx-dot", cx: x, cy: y, r: 3 }));
  }
}

// the period's label (2024-05, 2024-W19, 2024-Q2) where the API gives one, else its first day
function label(d, i) { return (d.labels || [])[i] || d.series[i].period; }

async function periodEvents(d, i, g) {
  for (const x of document.querySelectorAll("#dyad-chart .period.selected")) x.classList.remove("selected");
  g.classList.add("selected");
  const period = d.series[i].period, end = periodEnd(period, d.by);
  $("#period-title").textContent = `${d.a} ↔ ${d.b}, ` + (d.by === "day" ? period : `${label(d, i)} (${period} – ${end})`);
  // the events the bar counts: dated within the period, precisely enough for it, not historical
  const qs = new URLSearchParams({ dyad: d.a + "," + d.b, date_from: period, date_to: end, period: d.by,
    exclude: "historical", limit: "200" });
  try { eventTable($("#period-events"), (await api("/api/events?" + qs)).items); } catch (e) {
    clear($("#period-events")).appendChild(el("p", { class: "status error" }, e.message));
  }
}

// ---- events --------------------------------------------------------------------------------------
let eventOffset = 0;
const PAGE = 50;

function initEvents() {
  $("#event-form").addEventListener("submit", (e) => { e.preventDefault(); eventOffset = 0; loadEvents(); });
  $("#prev").addEventListener("click", () => { eventOffset = Math.max(0, eventOffset - PAGE); loadEvents(); });
  $("#next").addEventListener("click", () => { eventOffset += PAGE; loadEvents(); });
  loadEvents();
}

async function loadEvents() {
  const qs = new URLSearchParams();
  for (const [k, v] of new FormData($("#event-form"))) if (String(v).trim()) qs.append(k, String(v).trim());
  qs.set("limit", PAGE); qs.set("offset", eventOffset);
  status("#event-status", "loading…");
  try {
    const d = await api("/api/events?" + qs);
    status("#event-status", d.total ? `${d.offset + 1}–${d.offset + d.items.length} of ${d.total} ${d.merged ? "merged events" : "reports"}` : "no events match");
    eventTable($("#event-table"), d.items);
    $("#prev").disabled = d.offset === 0;
    $("#next").disabled = d.offset + d.items.length >= d.total;
  } catch (e) { status("#event-status", e.message, true); }
}

// ---- actors --------------------------------------------------------------------------------------
function initActors() {
  $("#actor-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const q = $("#actor-q").value.trim();
    if (!q) return;
    try {
      const d = await api("/api/actors?" + new URLSearchParams({ q, limit: 20 }));
      clear($("#actor-results")).appendChild(d.items.length ? table([
        { label: "code", value: (r) => r.code }, { label: "country", value: (r) => r.country || "" },
        { label: "sector", value: (r) => r.sector || "" }, { label: "mentions", value: (r) => r.mentions },
        { label: "names", value: (r) => r.names.join("; ") }], d.items, (r) => openActor(r.code)) : el("p", {}, "No actors."));
    } catch (err) { clear($("#actor-results")).appendChild(el("p", { class: "status error" }, err.message)); }
  });
}

async function openActor(code) {
  $("#actor-title").textContent = "loading…";
  try {
    const d = await api("/api/actors/" + encodeURIComponent(code));
    $("#actor-title").textContent = "Actor " + d.code;
    clear($("#actor-partners")).appendChild(table([
      { label: "partner", value: (r) => r.partner }, { label: "events", value: (r) => r.events },
      { label: "cooperation", value: (r) => r.cooperation }, { label: "conflict", value: (r) => r.conflict },
      { label: "Goldstein", value: (r) => r.goldstein }], d.partners, (r) => {
      $("#dyad-a").value = d.code; $("#dyad-b").value = r.partner; location.hash = "#dyads"; loadDyad();
    }));
    clear($("#actor-actions")).appendChild(table([
      { label: "action type", value: (r) => r.type }, { label: "as source", value: (r) => r.as_source },
      { label: "as target", value: (r) => r.as_target }], d.actions));
  } catch (e) { $("#actor-title").textContent = e.message; }
}

// ---- code this text ------------------------------------------------------------------------------
function initCode() {
  $("#code-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = $("#code-text").value;
    if (!text.trim()) { status("#code-status", "type or paste some text", true); return; }
    const body = { text };
    if ($("#code-date").value) body.date = $("#code-date").value;
    status("#code-status", "coding…");
    let d;
    try {
      d = await api("/api/code", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
    } catch (err) { status("#code-status", err.message, true); return; }
    status("#code-status", d.n + " event(s)");
    const spans = [];
    for (const r of d.events) {
      const label = `${r.cameo} ${r.cameo_name}`;
      if (r.source && r.source.start !== undefined) spans.push({ role: "source", start: r.source.start, end: r.source.end, title: "source of " + label });
      if (r.trigger) spans.push({ role: "trigger", start: r.trigger.start, end: r.trigger.end, title: label });
      if (r.target && r.target.start !== undefined) spans.push({ role: "target", start: r.target.start, end: r.target.end, title: "target of " + label });
    }
    clear($("#code-marked")).appendChild(marked(text, spans));
    clear($("#code-events")).appendChild(table([
      { label: "source", value: (r) => side(r.source && r.source.code, r.source && r.source.text) },
      { label: "action", value: (r) => r.cameo + " " + r.cameo_name },
      { label: "type", value: (r) => r.plover || "" },
      { label: "target", value: (r) => side(r.target && r.target.code, r.target && r.target.text) },
      { label: "date", value: (r) => r.date || "" },
      { label: "conf.", value: (r) => r.confidence },
      { label: "evidence", cls: "evidence-cell", value: (r) => r.sentence_text }], d.events));
  });
}

// ---- map -----------------------------------------------------------------------------------------
async function initMap() {
  const svg = $("#map");
  const X = (lon) => (lon + 180) * 2, Y = (lat) => (90 - lat) * 2;
  svg.appendChild(el("svg:rect", { class: "land", x: 0, y: 0, width: 720, height: 360 }));
  for (let lon = -180; lon <= 180; lon += 30) svg.appendChild(el("svg:line", { class: "grat", x1: X(lon), x2: X(lon), y1: 0, y2: 360 }));
  for (let lat = -60; lat <= 60; lat += 30) svg.appendChild(el("svg:line", { class: "grat", x1: 0, x2: 720, y1: Y(lat), y2: Y(lat) }));
  try {
    const world = await api("/static/world.json");
    for (const ring of world.rings) {
      svg.appendChild(el("svg:polygon", { class: "country", points: ring.map(([lo, la]) => X(lo) + "," + Y(la)).join(" ") }));
    }
  } catch (e) { /* no outline: plain lon/lat scatter */ }
  try {
    const d = await api("/api/events?located=true&limit=500");
    status("#map-status", `${d.items.length} of ${d.total} located events`);
    for (const r of d.items) {
      svg.appendChild(el("svg:circle", { class: "dot" + (r.quad_class <= 2 ? " coop" : ""), cx: X(r.lon), cy: Y(r.lat), r: 4,
        on: { click: () => openEvent(r.id) } },
      el("svg:title", {}, `${r.location_name || ""}: ${r.source_code || "—"} ${r.cameo} ${r.cameo_name} ${r.target_code || "—"} (${r.event_date || "undated"})`)));
    }
  } catch (e) { status("#map-status", e.message, true); }
}

const INIT = { dyads: initDyads, events: initEvents, actors: initActors, code: initCode, map: initMap };

window.addEventListener("hashchange", () => show(location.hash.slice(1)));
document.addEventListener("DOMContentLoaded", () => show(location.hash.slice(1)));
