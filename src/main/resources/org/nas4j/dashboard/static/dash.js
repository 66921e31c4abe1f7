// nas4j dashboard: plain JavaScript, no libraries, no network beyond this server. Every value from the store is
// put into the page as text (createTextNode / textContent / setAttribute), never as markup.
"use strict";

const SVGNS = "http://www.w3.org/2000/svg";
const POLL_MS = 2000;
const COLORS = ["#2f6fbd", "#d1495b", "#2e8540", "#edae49", "#6a4c93", "#00798c", "#8d6a9f", "#c75000",
  "#3d5a80", "#7f7f7f", "#bc5090", "#58508d"];
const OP_COLORS = { none: "#c8ced6", skip_connect: "#7f7f7f", nor_conv_1x1: "#edae49", nor_conv_3x3: "#d1495b",
  avg_pool_3x3: "#00798c" };

// ---------------------------------------------------------------- DOM helpers

function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  return e;
}

function s(tag, attrs, ...children) {
  const e = document.createElementNS(SVGNS, tag);
  setAttrs(e, attrs);
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined) continue;
    e.appendChild(typeof c === "object" ? c : document.createTextNode(String(c)));
  }
  return e;
}

function setAttrs(e, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "on") { for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f); continue; }
    e.setAttribute(k, String(v));
  }
}

function replace(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined));
}

async function api(path) {
  const r = await fetch(path, { credentials: "same-origin", headers: { Accept: "application/json" } });
  const text = await r.text();
  let body;
  try { body = JSON.parse(text); } catch (e) { body = { error: text }; }
  if (!r.ok) throw new Error(body.error || ("HTTP " + r.status));
  return body;
}

function param(name) {
  return new URLSearchParams(location.search).get(name);
}

// ---------------------------------------------------------------- formatting

function fmtNum(v, digits) {
  if (v === null || v === undefined || Number.isNaN(v)) return "–";
  return Number(v).toFixed(digits === undefined ? 2 : digits);
}
function fmtCount(v) {
  if (v === null || v === undefined) return "–";
  return Number(v).toLocaleString("en-US");
}
function fmtParams(v) {
  if (v === null || v === undefined || v < 0) return "–";
  if (v >= 1e6) return (v / 1e6).toFixed(2) + " M";
  if (v >= 1e3) return (v / 1e3).toFixed(1) + " k";
  return String(v);
}
function fmtDuration(sec) {
  if (sec === null || sec === undefined || Number.isNaN(sec)) return "–";
  if (sec < 60) return sec.toFixed(sec < 10 ? 1 : 0) + " s";
  if (sec < 3600) return (sec / 60).toFixed(1) + " min";
  return (sec / 3600).toFixed(1) + " h";
}
function fmtTime(ms) {
  if (!ms) return "–";
  const d = new Date(ms);
  return d.toISOString().replace("T", " ").slice(0, 19) + " UTC";
}

// ---------------------------------------------------------------- charts

function niceTicks(lo, hi, n) {
  if (!(hi > lo)) { hi = lo + 1; }
  const span = hi - lo;
  const step0 = Math.pow(10, Math.floor(Math.log10(span / n)));
  const err = (span / n) / step0;
  const step = step0 * (err >= 7.5 ? 10 : err >= 3.5 ? 5 : err >= 1.5 ? 2 : 1);
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(+v.toFixed(10));
  return out;
}

/** Axes and a plotting frame; returns {svg, x(v), y(v), plot} in data coordinates. */
function frame(opts) {
  const W = opts.width || 560, H = opts.height || 300, L = 56, R = 14, T = 10, B = 40;
  const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", id: opts.id,
    "aria-label": opts.title || "" });
  const [x0, x1] = opts.xRange, [y0, y1] = opts.yRange;
  const sx = (v) => L + (W - L - R) * (x1 === x0 ? 0.5 : (v - x0) / (x1 - x0));
  const sy = (v) => H - B - (H - T - B) * (y1 === y0 ? 0.5 : (v - y0) / (y1 - y0));
  const axis = s("g", { class: "axis" });
  for (const t of niceTicks(y0, y1, 5)) {
    axis.appendChild(s("line", { x1: L, x2: W - R, y1: sy(t), y2: sy(t), class: "grid" }));
    axis.appendChild(s("text", { x: L - 6, y: sy(t) + 4, "text-anchor": "end" }, (opts.yFormat || String)(t)));
  }
  for (const t of niceTicks(x0, x1, 6)) {
    axis.appendChild(s("line", { x1: sx(t), x2: sx(t), y1: H - B, y2: H - B + 4 }));
    axis.appendChild(s("text", { x: sx(t), y: H - B + 16, "text-anchor": "middle" }, (opts.xFormat || String)(t)));
  }
  axis.appendChild(s("line", { x1: L, x2: W - R, y1: H - B, y2: H - B }));
  axis.appendChild(s("line", { x1: L, x2: L, y1: T, y2: H - B }));
  axis.appendChild(s("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle" }, opts.xLabel || ""));
  axis.appendChild(s("text", { x: 12, y: (T + H - B) / 2, "text-anchor": "middle",
    transform: `rotate(-90 12 ${(T + H - B) / 2})` }, opts.yLabel || ""));
  svg.appendChild(axis);
  return { svg, x: sx, y: sy };
}

/**
 * Step lines (best so far), one per series: points [[x, y], ...] and the x the line extends to. The svg's
 * data-points attribute counts the points drawn (the browser test watches it grow).
 */
function stepChart(opts) {
  let xs = [], ys = [];
  for (const se of opts.series) {
    for (const p of se.points) { xs.push(p[0]); ys.push(p[1]); }
    if (se.until !== undefined) xs.push(se.until);
  }
  if (!xs.length) { xs = [0, 1]; ys = [0, 1]; }
  let y0 = Math.min(...ys), y1 = Math.max(...ys);
  const pad = (y1 - y0) * 0.08 || 1;
  const f = frame({ ...opts, xRange: [Math.min(0, ...xs), Math.max(...xs, 1)], yRange: [y0 - pad, y1 + pad] });
  let n = 0;
  opts.series.forEach((se, i) => {
    if (!se.points.length) return;
    let d = "";
    se.points.forEach((p, j) => {
      d += (j === 0 ? "M" : "H" + f.x(p[0]).toFixed(1) + "V") + (j === 0 ? f.x(p[0]).toFixed(1) + "," : "")
        + f.y(p[1]).toFixed(1);
    });
    const last = se.points[se.points.length - 1];
    if (se.until !== undefined && se.until > last[0]) d += "H" + f.x(se.until).toFixed(1);
    const color = se.color || COLORS[i % COLORS.length];
    f.svg.appendChild(s("path", { d, class: "series", stroke: color }));
    for (const p of se.points) {
      f.svg.appendChild(s("circle", { cx: f.x(p[0]), cy: f.y(p[1]), r: 3, fill: color, class: "dot" },
        s("title", {}, (se.name ? se.name + ": " : "") + fmtNum(p[1]) + " at " + (opts.xFormat || String)(p[0]))));
      n++;
    }
  });
  f.svg.setAttribute("data-points", n);
  f.svg.setAttribute("data-until", Math.max(0, ...opts.series.map((se) => se.until || 0)));
  return f.svg;
}

/** Plain lines (weights over a search, member curves). */
function lineChart(opts) {
  const xs = [], ys = [];
  for (const se of opts.series) for (const p of se.points) { if (p[1] !== null) { xs.push(p[0]); ys.push(p[1]); } }
  if (!xs.length) { xs.push(0, 1); ys.push(0, 1); }
  const yr = opts.yRange || [Math.min(...ys), Math.max(...ys)];
  const f = frame({ ...opts, xRange: [Math.min(...xs), Math.max(...xs)], yRange: yr });
  opts.series.forEach((se, i) => {
    const pts = se.points.filter((p) => p[1] !== null);
    if (!pts.length) return;
    const d = pts.map((p, j) => (j ? "L" : "M") + f.x(p[0]).toFixed(1) + "," + f.y(p[1]).toFixed(1)).join("");
    const color = se.color || COLORS[i % COLORS.length];
    f.svg.appendChild(s("path", { d, class: "series", stroke: color, "stroke-width": se.width || 2,
      "stroke-dasharray": se.dash || null }, s("title", {}, se.name || "")));
    if (pts.length < 60) {
      for (const p of pts) f.svg.appendChild(s("circle", { cx: f.x(p[0]), cy: f.y(p[1]), r: 2.5, fill: color },
        s("title", {}, (se.name ? se.name + ": " : "") + fmtNum(p[1]) + " at " + p[0])));
    }
  });
  return f.svg;
}

function legend(names) {
  return h("div", { class: "legend" }, names.map((n, i) =>
    h("span", {}, h("i", { style: null, "data-c": i, class: "swatch" }), n)));
}

/** Colours legend swatches after insertion (inline style attributes would need a looser CSP). */
function paintLegends(root) {
  for (const i of root.querySelectorAll("i.swatch")) i.style.background = COLORS[+i.dataset.c % COLORS.length];
}

/** Points [[x, y, label]] or bins [[bx, by, count]] of a scatter summary from the server. */
function scatterChart(sc, opts) {
  const [x0, x1] = sc.x[0] === null ? [0, 1] : sc.x, [y0, y1] = sc.y[0] === null ? [0, 1] : sc.y;
  const padY = (y1 - y0) * 0.05 || 1, padX = (x1 - x0) * 0.03 || 1;
  const f = frame({ ...opts, xRange: [x0 - padX, x1 + padX], yRange: [y0 - padY, y1 + padY] });
  if (sc.mode === "points") {
    for (const p of sc.data) {
      f.svg.appendChild(s("circle", { cx: f.x(p[0]), cy: f.y(p[1]), r: 3, fill: COLORS[0], "fill-opacity": 0.55 },
        s("title", {}, (opts.pointTitle || ((p) => "#" + p[2] + ": " + fmtNum(p[1]) + " with " + fmtParams(p[0]) + " parameters"))(p))));
    }
  } else {
    const wx = (x1 - x0) / sc.bins_x, wy = (y1 - y0) / sc.bins_y;
    const max = Math.max(...sc.data.map((b) => b[2]), 1);
    for (const b of sc.data) {
      const xa = f.x(x0 + b[0] * wx), xb = f.x(x0 + (b[0] + 1) * wx), ya = f.y(y0 + (b[1] + 1) * wy),
        yb = f.y(y0 + b[1] * wy);
      f.svg.appendChild(s("rect", { x: xa, y: ya, width: Math.max(1, xb - xa), height: Math.max(1, yb - ya),
        fill: COLORS[0], "fill-opacity": (0.15 + 0.85 * Math.log1p(b[2]) / Math.log1p(max)).toFixed(3) },
        s("title", {}, fmtCount(b[2]) + " evaluations")));
    }
  }
  f.svg.setAttribute("data-points", sc.n);
  return f.svg;
}

/** Colour of a value in [0, 1] on a perceptually ordered ramp (dark blue to yellow). */
function ramp(t) {
  const stops = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];
  const u = Math.max(0, Math.min(1, t)) * (stops.length - 1), i = Math.min(stops.length - 2, Math.floor(u)),
    f = u - i;
  const c = stops[i].map((v, k) => Math.round(v + (stops[i + 1][k] - v) * f));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

// ---------------------------------------------------------------- architectures

const NB201 = /^\|[^|~]+~0\|\+\|[^|~]+~0\|[^|~]+~1\|\+\|[^|~]+~0\|[^|~]+~1\|[^|~]+~2\|$/;
const NASNET = /^normal:[^;]+;reduce:[^;]+$/;

/**
 * A NAS-Bench-201 cell as a small SVG (nodes 0..3, one coloured arc per op); a NASNet cell pair as two rows of
 * branches; other spaces as a chain of ops.
 */
function archSvg(arch, big) {
  const k = big ? 2 : 1;
  if (NB201.test(arch)) {
    const ops = arch.split("+").map((g) => g.split("|").filter((x) => x).map((x) => x.split("~")[0]));
    const W = 150 * k, H = 46 * k, y = 36 * k, xs = [12, 52, 92, 132].map((v) => v * k);
    const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "cell", role: "img",
      "aria-label": arch });
    ops.forEach((group, to0) => {
      const to = to0 + 1;
      group.forEach((op, from) => {
        const span = to - from, x1 = xs[from], x2 = xs[to];
        const lift = span === 1 ? 0 : (span === 2 ? 22 : 34) * k;
        const d = span === 1 ? `M${x1},${y} L${x2},${y}` : `M${x1},${y} Q${(x1 + x2) / 2},${y - lift * 1.3} ${x2},${y}`;
        svg.appendChild(s("path", { d, fill: "none", stroke: OP_COLORS[op] || "#333", "stroke-width": op === "none" ? 1 : 2.5 * k,
          "stroke-dasharray": op === "none" ? "2,3" : null }, s("title", {}, op + ": node " + from + " → " + to)));
      });
    });
    xs.forEach((x, i) => svg.appendChild(s("circle", { cx: x, cy: y, r: 5 * k, fill: "#fff", stroke: "#1d2733" },
      s("title", {}, i === 0 ? "input" : i === 3 ? "output" : "node " + i))));
    return svg;
  }
  if (NASNET.test(arch)) {
    // NAO's cell pair: one row per cell, five nodes of two branches each, coloured by op (title: op and input)
    const cells = arch.split(";").map((c) => c.substring(c.indexOf(":") + 1).split("|").map((n) => n.split("+")));
    const W = (14 + 5 * 30) * k, H = 32 * k;
    const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "cell", role: "img", "aria-label": arch });
    cells.forEach((nodes, c) => {
      const y = 2 + c * 15 * k;
      svg.appendChild(s("text", { x: 1, y: y + 10 * k, "font-size": 9 * k }, c === 0 ? "N" : "R"));
      nodes.forEach((branches, b) => branches.forEach((br, j) => {
        const [op, input] = br.split("~");
        svg.appendChild(s("rect", { x: (14 + b * 30 + j * 13) * k, y, width: 12 * k, height: 12 * k, rx: 2,
          fill: COLORS[hashOp(op) % COLORS.length] },
          s("title", {}, (c === 0 ? "normal" : "reduce") + " node " + b + ": " + op + " of input " + input)));
      }));
    });
    return svg;
  }
  const ops = arch.replace(/ #m\d+$/, "").split(/[,/]/);
  const W = Math.max(60, ops.length * 26 * k), H = 22 * k;
  const svg = s("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, class: "cell", role: "img", "aria-label": arch });
  ops.forEach((op, i) => {
    svg.appendChild(s("rect", { x: 2 + i * 26 * k, y: 3, width: 22 * k, height: H - 6, rx: 3,
      fill: COLORS[(hashOp(op)) % COLORS.length] }, s("title", {}, "position " + i + ": " + op)));
  });
  return svg;
}

function hashOp(op) {
  let x = 0;
  for (const ch of op) x = (x * 31 + ch.charCodeAt(0)) >>> 0;
  return x;
}

function opLegend() {
  return h("div", { class: "legend" }, Object.keys(OP_COLORS).map((op) =>
    h("span", {}, h("i", { class: "op", "data-op": op }), op)));
}
function paintOps(root) {
  for (const i of root.querySelectorAll("i.op")) i.style.background = OP_COLORS[i.dataset.op];
}

// ---------------------------------------------------------------- live updates

/** Calls render now and every POLL_MS; the header's "live" turns red while the server does not answer. */
function live(render, every) {
  let busy = false;
  const tick = async () => {
    if (busy) return;
    busy = true;
    const mark = document.getElementById("live");
    try {
      await render();
      mark.textContent = "live · " + new Date().toLocaleTimeString();
      mark.className = "";
    } catch (e) {
      mark.textContent = "not updating: " + e.message;
      mark.className = "stale";
    } finally {
      busy = false;
    }
  };
  tick();
  setInterval(tick, every || POLL_MS);
}

function progressBar(done, budget) {
  const frac = budget > 0 ? Math.min(1, done / budget) : 0;
  const bar = h("span", { class: "bar" }, h("span", { "data-frac": frac.toFixed(4) }));
  return h("span", {}, bar, fmtCount(done) + (budget > 0 ? " / " + fmtCount(budget) : ""));
}
function paintBars(root) {
  for (const b of root.querySelectorAll(".bar span")) b.style.width = (100 * +b.dataset.frac).toFixed(1) + "%";
}

function fact(label, value, id) {
  return h("div", {}, h("b", {}, label), h("span", { id }, value));
}

function viewLinks(st) {
  return [
    h("a", { href: "/study?id=" + st.id }, "study"),
    st.kind === "pbt" ? [" · ", h("a", { href: "/pbt?id=" + st.id }, "PBT")] : null,
    st.sources && st.sources.length ? [" · ", h("a", { href: "/transfer?id=" + st.id }, "transfer")] : null,
  ];
}

// ---------------------------------------------------------------- pages

const pages = {};

pages.index = function () {
  const main = document.getElementById("main");
  const chosen = new Set();
  const compareLink = h("a", { id: "compare-link", href: "#" }, "compare the selected studies");
  compareLink.addEventListener("click", (ev) => {
    ev.preventDefault();
    if (chosen.size) location.href = "/compare?ids=" + [...chosen].join(",");
  });
  const tbody = h("tbody", { id: "studies" });
  replace(main, h("h1", {}, "Studies"),
    h("div", { class: "controls" }, compareLink, h("span", { class: "muted" }, "(tick two or more)")),
    h("table", {}, h("thead", {}, h("tr", {}, ["", "study", "task", "space", "optimizer", "status", "progress",
      "best", "started", "last finished", "views"].map((c) => h("th", {}, c)))), tbody));
  live(async () => {
    const studies = await api("/api/studies");
    replace(tbody, studies.map((st) => {
      const box = h("input", { type: "checkbox", value: st.id, "aria-label": "compare " + st.name });
      box.checked = chosen.has(String(st.id));
      box.addEventListener("change", () => box.checked ? chosen.add(String(st.id)) : chosen.delete(String(st.id)));
      const done = st.complete + st.failed;
      return h("tr", { "data-id": st.id },
        h("td", {}, box),
        h("td", { class: "name" }, h("a", { href: "/study?id=" + st.id }, st.name)),
        h("td", {}, st.task), h("td", {}, st.space), h("td", {}, st.optimizer),
        h("td", {}, h("span", { class: "status " + st.status }, st.status)),
        h("td", {}, progressBar(done, st.budget_evaluations)),
        h("td", { class: "num" }, fmtNum(st.best)),
        h("td", {}, fmtTime(st.started || st.created)),
        h("td", {}, fmtTime(st.last_finished)),
        h("td", {}, viewLinks(st)));
    }));
    if (!studies.length) tbody.appendChild(h("tr", {}, h("td", { colspan: 11, class: "muted" }, "no studies yet")));
    paintBars(tbody);
  });
};

pages.study = function () {
  const id = Number(param("id"));
  const main = document.getElementById("main");
  const state = { offset: 0, limit: 25, sort: "number", dir: "desc", status: "", q: "", axis: "params" };
  const head = h("div", {}), charts = h("div", { class: "charts" }), table = h("div", {});
  const filter = h("input", { type: "search", placeholder: "filter: architecture, worker or error", size: 36, id: "filter" });
  const status = h("select", { id: "status-filter" }, ["", "COMPLETE", "FAILED", "RUNNING", "WAITING"].map((v) =>
    h("option", { value: v }, v || "any status")));
  const prev = h("button", { id: "prev" }, "◀ previous"), next = h("button", { id: "next" }, "next ▶");
  const pageInfo = h("span", { id: "page-info", class: "muted" });
  // the scatter's x axis: parameters (a column) by default; FLOPs (read from each evaluation's metrics JSON, a
  // slower query on a large study) only when asked for, so a polling page costs the same as without
  const AXES = { params: "parameters", flops: "FLOPs (multiply-accumulates per image)" };
  const axis = h("select", { id: "scatter-axis" }, Object.entries(AXES).map(([v, label]) =>
    h("option", { value: v }, label.replace(/ \(.*/, ""))));
  let refresh = null;
  let redraw = null;
  axis.addEventListener("change", () => { state.axis = axis.value; redraw && redraw(); });
  filter.addEventListener("input", () => { state.q = filter.value; state.offset = 0; refresh && refresh(); });
  status.addEventListener("change", () => { state.status = status.value; state.offset = 0; refresh && refresh(); });
  prev.addEventListener("click", () => { state.offset = Math.max(0, state.offset - state.limit); refresh && refresh(); });
  next.addEventListener("click", () => { state.offset += state.limit; refresh && refresh(); });
  replace(main, head, h("h2", {}, "Progress"), h("div", { class: "controls" }, h("label", {}, "plot against ", axis)),
    charts, h("h2", {}, "Evaluations"),
    h("div", { class: "controls" }, filter, status, prev, next, pageInfo), opLegend(), table);
  paintOps(main);
  const columns = [["number", "#", true], ["architecture", "architecture", true], [null, "cell", false],
    ["status", "status", true], ["objective", "objective", true], ["params", "params", true],
    ["cost", "train s", true], ["finished", "finished", true], [null, "export", false]];

  async function loadTable() {
    const q = new URLSearchParams({ offset: state.offset, limit: state.limit, sort: state.sort, dir: state.dir,
      status: state.status, q: state.q });
    const page = await api(`/api/studies/${id}/evaluations?` + q);
    const ths = columns.map(([key, label, sortable]) => {
      const th = h("th", { class: (sortable ? "sortable " : "") + (key === state.sort ? "sorted-" + state.dir : ""),
        "data-sort": key }, label);
      if (sortable) th.addEventListener("click", () => {
        state.dir = state.sort === key && state.dir === "desc" ? "asc" : "desc";
        state.sort = key;
        state.offset = 0;
        loadTable();
      });
      return th;
    });
    const rows = page.rows.map((r) => h("tr", { "data-number": r.number },
      h("td", { class: "num" }, r.number),
      h("td", { class: "arch" }, r.architecture, r.error ? h("div", { class: "error" }, r.error) : null),
      h("td", {}, archSvg(r.architecture)),
      h("td", {}, h("span", { class: "status " + r.status }, r.status)),
      h("td", { class: "num" }, fmtNum(r.objective)),
      h("td", { class: "num" }, fmtParams(r.params)),
      h("td", { class: "num" }, fmtNum(r.cost_seconds, 1)),
      h("td", {}, fmtTime(r.finished)),
      h("td", {}, h("a", { href: `/api/studies/${id}/evaluations/${r.number}/architecture.json`,
        download: `architecture-${r.number}.json` }, "architecture.json"))));
    replace(table, h("table", { id: "evaluations" }, h("thead", {}, h("tr", {}, ths)), h("tbody", {}, rows)));
    const last = Math.min(page.total, state.offset + page.rows.length);
    pageInfo.textContent = page.total ? `${fmtCount(state.offset + 1)}–${fmtCount(last)} of ${fmtCount(page.total)}`
      : "no evaluations match";
    prev.disabled = state.offset === 0;
    next.disabled = last >= page.total;
  }
  refresh = loadTable;

  redraw = async () => {
    const table = loadTable(); // the four requests run side by side
    const [st, best, sc] = await Promise.all([api(`/api/studies/${id}`), api(`/api/studies/${id}/best`),
      api(`/api/studies/${id}/scatter?x=${state.axis}`)]);
    document.title = "nas4j dashboard: " + st.name;
    const c = st.counts, done = c.complete + c.failed;
    const b = st.best_evaluation;
    replace(head,
      h("h1", { id: "study-name" }, st.name),
      h("div", {}, viewLinks(st)),
      h("div", { class: "facts" },
        fact("task", st.task), fact("space", st.space), fact("optimizer", st.optimizer),
        fact("evaluations finished", progressBar(done, st.budget_evaluations), "count"),
        fact("complete / failed / running / waiting", `${c.complete} / ${c.failed} / ${c.running} / ${c.waiting}`),
        fact("best so far", b ? fmtNum(b.objective) + " (#" + b.number + ")" : "–", "best"),
        fact("training time", fmtDuration(st.cost_seconds)),
        fact("epochs per evaluation", st.fidelity), fact("seed", st.seed),
        fact("started", fmtTime(st.created)), fact("last finished", fmtTime(st.last_finished)),
        fact("transfer sources", st.sources.length ? st.sources.map((x) => x.task + " (" + x.evaluations + ")").join(", ") : "none")),
      b ? h("div", {}, h("b", {}, "best architecture "), h("code", {}, b.architecture), archSvg(b.architecture, true)) : null,
      h("p", { class: "muted" }, "the best trained model: ",
        h("code", {}, "nas4j export --store STORE --study '" + st.name.replace(/'/g, "'\\''") + "' --out best-model")));
    document.getElementById("count").setAttribute("data-finished", done);
    paintBars(head);
    const pts = best.points;
    replace(charts,
      h("div", { class: "chart" }, h("h3", {}, "best so far against evaluations"),
        stepChart({ id: "best-evals", series: [{ name: "best", points: pts.map((p) => [p[0], p[2]]), until: best.last_seq }],
          xLabel: "evaluations finished", yLabel: "objective", title: "best so far against evaluations" })),
      h("div", { class: "chart" }, h("h3", {}, "best so far against time"),
        stepChart({ id: "best-time", series: [{ name: "best", points: pts.map((p) => [p[1], p[2]]), until: best.last_seconds }],
          xLabel: "seconds since the study started", yLabel: "objective", xFormat: (v) => fmtDuration(v),
          title: "best so far against time" })),
      h("div", { class: "chart" }, h("h3", {}, "every evaluation against its " + AXES[state.axis].replace(/ \(.*/, ""),
        sc.mode === "bins" ? " (" + fmtCount(sc.n) + " evaluations, binned)" : ""),
        sc.n ? scatterChart(sc, { id: "scatter", xLabel: AXES[state.axis], yLabel: "objective", xFormat: fmtParams,
          title: "objective against " + AXES[state.axis] })
          : h("p", { class: "muted", id: "scatter-none" }, state.axis === "flops"
            ? "no FLOPs stored (tabular evaluations have none)" : "no parameter counts stored")));
    await table;
  };
  live(redraw);
};

pages.compare = function () {
  const ids = (param("ids") || "").split(",").filter((x) => /^\d+$/.test(x));
  const main = document.getElementById("main");
  const byEval = h("div", { class: "chart" }), byTime = h("div", { class: "chart" }), leg = h("div", {});
  replace(main, h("h1", {}, "Studies compared"), leg, h("div", { class: "charts" }, byEval, byTime));
  live(async () => {
    const data = await api("/api/compare?ids=" + ids.join(","));
    const names = data.series.map((x) => x.name + " (" + x.task + ", " + x.optimizer + ")");
    replace(leg, legend(names));
    paintLegends(leg);
    replace(byEval, h("h3", {}, "best so far against evaluations"), stepChart({ id: "compare-evals",
      series: data.series.map((x) => ({ name: x.name, points: x.best.points.map((p) => [p[0], p[2]]), until: x.best.last_seq })),
      xLabel: "evaluations finished", yLabel: "objective", width: 640, height: 360 }));
    replace(byTime, h("h3", {}, "best so far against time"), stepChart({ id: "compare-time",
      series: data.series.map((x) => ({ name: x.name, points: x.best.points.map((p) => [p[1], p[2]]), until: x.best.last_seconds })),
      xLabel: "seconds since each study started", yLabel: "objective", xFormat: fmtDuration, width: 640, height: 360 }));
  });
};

pages.pbt = function () {
  const id = Number(param("id"));
  const main = document.getElementById("main");
  live(async () => {
    const d = await api(`/api/studies/${id}/pbt`);
    const st = d.study;
    const fit = d.cells.map((c) => c[2]).filter((v) => v !== null);
    const lo = Math.min(...fit), hi = Math.max(...fit);
    // heat map: slots (rows) x steps (columns)
    const cw = Math.max(18, Math.min(60, 640 / Math.max(1, d.steps))), ch = 22, L = 60, T = 10;
    const heat = s("svg", { id: "heatmap", width: L + cw * d.steps + 10, height: T + ch * d.slots + 40, role: "img",
      "aria-label": "fitness by slot and step" });
    for (const [slot, step, f, member] of d.cells) {
      heat.appendChild(s("rect", { x: L + (step - 1) * cw, y: T + slot * ch, width: cw - 1, height: ch - 1,
        fill: f === null ? "#ddd" : ramp((f - lo) / ((hi - lo) || 1)) },
        s("title", {}, `step ${step}, slot ${slot}: member ${member}, fitness ${fmtNum(f)}`)));
      if (cw >= 34) heat.appendChild(s("text", { x: L + (step - 1) * cw + cw / 2, y: T + slot * ch + 15,
        "text-anchor": "middle", class: (f - lo) / ((hi - lo) || 1) > 0.6 ? "" : "light" }, "m" + member));
    }
    for (let slot = 0; slot < d.slots; slot++) heat.appendChild(s("text", { x: L - 6, y: T + slot * ch + 15, "text-anchor": "end" }, "slot " + slot));
    for (let step = 1; step <= d.steps; step++) if (d.steps < 25 || step % 5 === 0) heat.appendChild(
      s("text", { x: L + (step - 0.5) * cw, y: T + d.slots * ch + 14, "text-anchor": "middle" }, step));
    heat.appendChild(s("text", { x: L + cw * d.steps / 2, y: T + d.slots * ch + 32, "text-anchor": "middle" },
      `step (colour: fitness ${fmtNum(lo)} … ${fmtNum(hi)})`));
    heat.setAttribute("data-cells", d.cells.length);
    // lineage: each member a life line in its slot from the step it was born; arrows from its parents
    const members = d.members, byId = new Map(members.map((m) => [m.member, m]));
    const lw = Math.max(40, Math.min(90, 760 / Math.max(1, d.steps))), lh = 34;
    const lin = s("svg", { id: "lineage", width: L + lw * (d.steps + 1) + 20, height: T + lh * d.slots + 30, role: "img",
      "aria-label": "lineage" });
    lin.appendChild(s("defs", {}, s("marker", { id: "arr", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6,
      markerHeight: 6, orient: "auto" }, s("path", { d: "M0,0 L10,5 L0,10 z", fill: "#555" }))));
    const px = (step) => L + lw * step, py = (slot) => T + lh * slot + lh / 2;
    let mixes = 0;
    for (const m of members) {
      const lastStep = Math.max(...m.curve.map((p) => p[0]));
      const born = m.born; // born = the steps done when it first trained (0 for the initial population)
      lin.appendChild(s("line", { x1: px(born), x2: px(lastStep), y1: py(m.slot), y2: py(m.slot), stroke: "#9aa5b1", "stroke-width": 3 }));
      lin.appendChild(s("circle", { cx: px(born), cy: py(m.slot), r: 6, fill: m.base >= 0 ? "#edae49" : "#2f6fbd" },
        s("title", {}, `member ${m.member}: ${m.architecture}` + (m.base >= 0 ? `, base m${m.base}` : ", initial") +
          (m.donor >= 0 ? `, donor m${m.donor} (genes ${m.donor_genes.join(", ") || "none"})` : ""))));
      lin.appendChild(s("text", { x: px(born) + 8, y: py(m.slot) - 7 }, "m" + m.member));
      for (const [parent, dashed] of [[m.base, false], [m.donor, true]]) {
        const p = byId.get(parent);
        if (parent < 0 || !p) continue;
        // a child is made between two steps: from its parents' lines just before, to its own start
        const x0 = px(born) - lw * 0.55, y0 = py(p.slot), x1 = px(born) - 7, y1 = py(m.slot);
        lin.appendChild(s("path", { d: `M${x0},${y0} C${x0 + lw * 0.3},${y0} ${x1 - lw * 0.2},${y1} ${x1},${y1}`, fill: "none",
          stroke: dashed ? "#d1495b" : "#555", "stroke-width": 1.5, "stroke-dasharray": dashed ? "4,3" : null,
          "marker-end": "url(#arr)" }, s("title", {}, dashed ? `m${parent} gave genes ${m.donor_genes.join(", ")} to m${m.member}`
            : `m${m.member} takes its other layers from m${parent}`)));
        if (dashed) {
          mixes++;
          lin.appendChild(s("text", { x: x0 - 2, y: y0 + (y1 > y0 ? -4 : 12), "text-anchor": "end", class: "donor" },
            "genes " + m.donor_genes.join(",")));
        }
      }
    }
    for (let step = 0; step <= d.steps; step++) if (d.steps < 25 || step % 5 === 0) lin.appendChild(
      s("text", { x: px(step), y: T + lh * d.slots + 18, "text-anchor": "middle" }, step));
    lin.setAttribute("data-mixes", mixes);
    const curves = lineChart({ id: "curves", width: 640, height: 320, xLabel: "step", yLabel: "fitness (validation %)",
      series: members.map((m, i) => ({ name: "m" + m.member, points: m.curve })) });
    const best = members.find((m) => m.test_accuracy !== undefined);
    replace(main, h("h1", {}, st.name), h("div", {}, viewLinks(st)),
      h("div", { class: "facts" }, fact("task", st.task), fact("variant", st.optimizer), fact("steps recorded", d.steps, "steps"),
        fact("population", d.slots), fact("members so far", members.length),
        fact("final best member", best ? "m" + best.member + ", test " + fmtNum(best.test_accuracy) : "–")),
      h("h2", {}, "Fitness by slot and step"), h("div", { class: "chart" }, heat),
      h("h2", {}, "Lineage"), h("p", { class: "muted" }, "blue: initial member; orange: a child; grey arrow: the base parent " +
        "(fitter, gives every layer but the donor's); red dashed arrow: the donor and the genes (layers) it gave, shrink-perturbed."),
      h("div", { class: "chart" }, lin),
      h("h2", {}, "Member curves"), h("div", { class: "chart" }, curves));
  });
};

pages.transfer = function () {
  const id = Number(param("id"));
  const main = document.getElementById("main");
  live(async () => {
    const d = await api(`/api/studies/${id}/transfer`);
    const st = d.study;
    const parts = [h("h1", {}, st.name), h("div", {}, viewLinks(st))];
    parts.push(h("h2", {}, "Sources"), h("table", { id: "sources" },
      h("thead", {}, h("tr", {}, ["source", "evaluations when the study started", "weight now"].map((c) => h("th", {}, c)))),
      h("tbody", {}, st.sources.map((x) => {
        const i = d.sources.indexOf(x.task);
        const last = d.steps.length ? d.steps[d.steps.length - 1] : null;
        return h("tr", {}, h("td", {}, x.task), h("td", { class: "num" }, fmtCount(x.evaluations)),
          h("td", { class: "num" }, i >= 0 && last ? fmtNum(last.weights[i]) : "not used"));
      }))));
    if (d.note) parts.push(h("p", { class: "muted" }, d.note));
    if (d.describe) parts.push(h("p", {}, h("b", {}, "predictor now: "), d.describe));
    if (d.steps.length) {
      const series = d.sources.map((name, i) => ({ name, points: d.steps.map((x, n) => [n + 1, x.weights[i]]) }));
      series.push({ name: "target-only", points: d.steps.map((x, n) => [n + 1, x.target_weight]), dash: "5,4" });
      const weights = lineChart({ id: "weights", width: 640, height: 320, xLabel: "evaluations finished",
        yLabel: "weight", yRange: [0, 1], series });
      const ok = d.steps.map((x, n) => [x.predicted, x.actual, n + 1]).filter((p) => p[0] !== null && p[1] !== null);
      const sc = { mode: "points", n: ok.length, data: ok,
        x: ok.length ? [Math.min(...ok.map((p) => p[0])), Math.max(...ok.map((p) => p[0]))] : [null, null],
        y: ok.length ? [Math.min(...ok.map((p) => p[1])), Math.max(...ok.map((p) => p[1]))] : [null, null] };
      const pred = scatterChart(sc, { id: "predicted", width: 480, height: 320, xLabel: "predicted before evaluation (standardised)",
        yLabel: "actual objective", xFormat: (v) => fmtNum(v, 1),
        pointTitle: (p) => "evaluation " + p[2] + ": predicted " + fmtNum(p[0]) + ", actual " + fmtNum(p[1]) });
      const leg = legend(series.map((x) => x.name));
      parts.push(h("h2", {}, "Weights over the search"), h("div", { class: "charts" },
        h("div", { class: "chart" }, weights, leg), h("div", { class: "chart" }, h("h3", {}, "predicted against actual"), pred)),
        h("p", { class: "muted" }, "Replayed from the store: the study's recorded sources and its evaluations in finish order, " +
          "as its optimizer's predictor heard them (deterministic); 'predicted' is the predictor's score for each architecture " +
          "just before its result was told."));
    }
    replace(main, parts);
    paintLegends(main);
  }, 5000);
};

// ---------------------------------------------------------------- start

document.addEventListener("DOMContentLoaded", () => {
  api("/api/info").then((i) => { document.getElementById("store").textContent = i.store; }).catch(() => {});
  // one page shell for every view: the path names the view (/, /study, /compare, /pbt, /transfer)
  const view = location.pathname.replace(/^\/+|\/+$/g, "") || "index";
  if (Object.hasOwn(pages, view)) pages[view]();
});
