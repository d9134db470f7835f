// The domain page's chart of sessions per UTC day, drawn as SVG by hand (see docs/ARCHITECTURE.md, "Dashboard"):
// stacked bars (successful, failed) on a left scale of sessions, the failure rate as a line on its own right scale in
// percent, a grid, day ticks, and policy changes and MX probe findings as markers on the same time axis. Each day is a g.day carrying the
// API's numbers as data attributes, so tests can hold the drawing against /daily. Values show on hover, and on keyboard
// focus: the chart is one tab stop, arrow keys move between days, and the day's values are announced in a live region.
"use strict";

const compact = new Intl.NumberFormat("en-US", { notation: "compact", maximumFractionDigits: 1 });

// A "nice" upper bound and step (1, 2, 2.5 or 5 × 10^k) so ticks land on round numbers.
function niceScale(max, ticks) {
  if (!(max > 0)) return { max: ticks, step: 1 };
  const raw = max / ticks, power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw);
  return { max: step * Math.ceil(max / step), step };
}

const dayText = (r) => `${r.day} (UTC): ${num(r.successfulSessions)} successful, ${num(r.failedSessions)} failed, ${pct(r.failureRate)} failed`;
// Failed sessions stacked by result type: distinct hues, none of them the successful green.
const TYPE_COLOURS = ["#c4302b", "#8250df", "#bc4c00", "#0550ae", "#bf3989"];

// The day's failures per result type (the API's /daily filtered to each type), what is left as "other".
function segmentsOf(stack, i, failed) {
  const parts = stack.types.map((t, k) => ({ type: t, colour: TYPE_COLOURS[k], sessions: stack.series[t][i]?.failedSessions ?? 0 }));
  const other = failed - parts.reduce((n, p) => n + p.sessions, 0);
  if (other > 0) parts.push({ type: "other", colour: "#6e7781", sessions: other });
  return parts.filter((p) => p.sessions > 0);
}

function chartSvg(daily, events, width, stack) {
  const narrow = width < 560;
  const h = narrow ? 240 : 300, left = narrow ? 44 : 64, right = narrow ? 48 : 64, top = 16, bottom = 44;
  const w = Math.max(300, width), plotW = w - left - right, plotH = h - top - bottom, n = daily.length, bw = plotW / Math.max(1, n);
  const sessions = niceScale(Math.max(0, ...daily.map((r) => r.successfulSessions + r.failedSessions)), 4);
  const rates = niceScale(Math.max(0, ...daily.map((r) => r.failureRate ?? 0)), 4);
  const y = (v) => top + plotH - (plotH * v) / sessions.max, yRate = (v) => top + plotH - (plotH * v) / rates.max;
  const ratePct = (v) => (v * 100).toLocaleString("en-US", { maximumFractionDigits: rates.step * 100 < 1 ? 2 : 1 }) + " %";

  let grid = "";
  for (let i = 0; i <= 4; i++) {
    const v = sessions.step * i, r = rates.step * i, yy = y(v);
    grid += `<line class="grid" x1="${left}" x2="${left + plotW}" y1="${yy}" y2="${yy}"/>
      <text class="tick axis-left" x="${left - 6}" y="${yy + 4}" text-anchor="end">${compact.format(v)}</text>
      <text class="tick axis-right" x="${left + plotW + 6}" y="${yy + 4}">${ratePct(r)}</text>`;
  }

  // About one day label per 70 px; the first day of the range always gets one.
  const every = Math.max(1, Math.ceil(n / Math.max(2, Math.floor(plotW / 70))));
  const marks = new Map();
  for (const e of events) {
    const m = marks.get(e.at.slice(0, 10)) ?? { policy: [], probe: [] };
    m[e.kind].push(e.what);
    marks.set(e.at.slice(0, 10), m);
  }
  const days = daily.map((r, i) => {
    const x = left + i * bw, hOk = (plotH * r.successfulSessions) / sessions.max, hBad = (plotH * r.failedSessions) / sessions.max;
    const tick = i % every === 0 ? `<line class="axis" x1="${x + bw / 2}" x2="${x + bw / 2}" y1="${top + plotH}" y2="${top + plotH + 4}"/>
      <text class="tick axis-x" x="${x + bw / 2}" y="${top + plotH + 18}" text-anchor="middle">${r.day.slice(5)}</text>` : "";
    const mark = marks.get(r.day), changed = mark?.policy.length ? mark.policy : null, probed = mark?.probe.length ? mark.probe : null;
    const cx = x + bw / 2;
    const marker = (changed ? `<line class="policy-change" x1="${cx}" x2="${cx}" y1="${top}" y2="${top + plotH}"/>
      <path class="policy-marker" d="M${cx - 5},${top - 8} h10 l-5,8 z"/>` : "")
      + (probed ? `<line class="probe-finding" x1="${cx}" x2="${cx}" y1="${top}" y2="${top + plotH}"/>
      <circle class="probe-marker" cx="${cx}" cy="${top + plotH - 5}" r="4"/>` : "");
    return `<g class="day" data-index="${i}" data-day="${r.day}" data-successful="${r.successfulSessions}" data-failed="${r.failedSessions}" data-rate="${r.failureRate ?? ""}"${changed ? ` data-policy-change="${esc(changed.join(", "))}"` : ""}${probed ? ` data-probe-finding="${esc(probed.join(", "))}"` : ""}>
      <rect class="hit" x="${x}" width="${bw}" y="${top}" height="${plotH}"/>
      <rect class="ok" x="${x + bw * 0.1}" width="${Math.max(1, bw * 0.8)}" y="${top + plotH - hOk}" height="${hOk}"/>
      ${stack ? stacked(segmentsOf(stack, i, r.failedSessions), x, top + plotH - hOk) : `<rect class="bad" x="${x + bw * 0.1}" width="${Math.max(1, bw * 0.8)}" y="${top + plotH - hOk - hBad}" height="${hBad}"/>`}${marker}${tick}</g>`;
  }).join("");
  function stacked(parts, x, base) {
    return parts.map((p) => {
      const hp = (plotH * p.sessions) / sessions.max;
      base -= hp;
      return `<rect class="bad segment" data-result-type="${esc(p.type)}" data-sessions="${p.sessions}" fill="${p.colour}" x="${x + bw * 0.1}" width="${Math.max(1, bw * 0.8)}" y="${base}" height="${hp}"/>`;
    }).join("");
  }
  const line = daily.map((r, i) => `${left + i * bw + bw / 2},${yRate(r.failureRate ?? 0)}`).join(" ");

  return `<svg class="chart" id="daily-chart" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" tabindex="0" role="group"
      aria-roledescription="chart" aria-labelledby="chart-title" aria-describedby="chart-help">
    <title id="chart-title">Sessions per UTC day from ${esc(daily[0]?.day ?? "")} to ${esc(daily[n - 1]?.day ?? "")}: successful and failed (bars, left scale), failure rate (line, right scale), policy changes (dashed, triangle) and MX probe findings (dotted, circle)</title>
    ${grid}
    <line class="axis" x1="${left}" x2="${left + plotW}" y1="${top + plotH}" y2="${top + plotH}"/>
    <text class="axis-title" transform="translate(12 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">Sessions</text>
    <text class="axis-title" transform="translate(${w - 6} ${top + plotH / 2}) rotate(-90)" text-anchor="middle">Failure rate</text>
    <text class="axis-title" x="${left + plotW / 2}" y="${h - 6}" text-anchor="middle">UTC day (month-day)</text>
    ${days}
    <polyline class="rate" points="${line}"/></svg>`;
}

// Draws the chart into box at the box's own width in CSS pixels (so text stays readable on a phone instead of being
// scaled down), and wires hover, focus and arrow keys. Redrawn when the window is resized.
// events are { at, what, kind: "policy" | "probe" }: policy changes and what the MX probe found, marked on their day.
// loadByType, when given, returns { types, series } (each type's /daily) for the toggle that stacks failures by type.
function mountChart(box, daily, events, loadByType) {
  let stack = null;
  const draw = () => {
    const legend = stack ? stack.types.map((t, k) => `<span class="key-type"><i class="swatch" data-colour="${TYPE_COLOURS[k]}"></i>${esc(t)}</span>`).join(" ") + ' <span class="key-type"><i class="swatch" data-colour="#6e7781"></i>other</span>' : '<span class="key-bad">failed</span>';
    box.innerHTML = `${loadByType ? `<p><button type="button" class="secondary" id="stack-toggle" aria-pressed="${stack ? "true" : "false"}">Failures by result type</button></p>` : ""}
      <div class="chart-legend" aria-hidden="true"><span class="key-ok">successful</span> ${legend} <span class="key-rate">failure rate (right scale)</span> <span class="key-policy">policy change</span> <span class="key-probe">MX probe finding</span></div>
      ${chartSvg(daily, events, box.clientWidth, stack)}
      <div class="chart-tip" id="chart-tip" hidden></div>
      <p class="muted" id="chart-help">Focus the chart and use the arrow keys, Home and End to read each day.</p>
      <p class="chart-value" id="chart-value" role="status" aria-live="polite"></p>`;
    // Swatch colours are set through the CSSOM: the Content-Security-Policy forbids inline style attributes.
    box.querySelectorAll("i.swatch").forEach((i) => { i.style.background = i.dataset.colour; });
    box.querySelector("#stack-toggle")?.addEventListener("click", async () => {
      stack = stack ? null : await loadByType();
      draw();
      box.querySelector("#stack-toggle").focus();
    });
    const svg = box.querySelector("svg"), tip = box.querySelector("#chart-tip"), value = box.querySelector("#chart-value");
    const all = [...svg.querySelectorAll("g.day")];
    let current = -1;
    const show = (i, fromKeyboard) => {
      if (i < 0 || i >= all.length) return;
      all[current]?.classList.remove("selected");
      current = i;
      const g = all[i], r = daily[i];
      g.classList.add("selected");
      const parts = [...g.querySelectorAll("rect.segment")].map((p) => `${p.dataset.resultType} ${num(Number(p.dataset.sessions))}`);
      const text = dayText(r) + (parts.length ? ` (${parts.join(", ")})` : "") + (g.dataset.policyChange ? `; policy changed: ${g.dataset.policyChange}` : "") + (g.dataset.probeFinding ? `; MX probe: ${g.dataset.probeFinding}` : "");
      tip.textContent = text;
      tip.hidden = false;
      // Beside the day, kept inside the box so it never widens the page.
      const hit = g.querySelector(".hit").getBoundingClientRect(), outer = box.getBoundingClientRect();
      tip.style.left = Math.max(0, Math.min(hit.left - outer.left + hit.width / 2 - tip.offsetWidth / 2, box.clientWidth - tip.offsetWidth)) + "px";
      tip.style.top = "2rem";
      if (fromKeyboard) value.textContent = text;
    };
    svg.addEventListener("mouseover", (e) => { const g = e.target.closest("g.day"); if (g) show(Number(g.dataset.index), false); });
    svg.addEventListener("mouseleave", () => { if (document.activeElement !== svg) tip.hidden = true; });
    svg.addEventListener("focus", () => show(current < 0 ? all.length - 1 : current, true));
    svg.addEventListener("blur", () => { tip.hidden = true; });
    svg.addEventListener("keydown", (e) => {
      const next = { ArrowLeft: current - 1, ArrowRight: current + 1, Home: 0, End: all.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      show(Math.max(0, Math.min(all.length - 1, next)), true);
    });
  };
  draw();
  let width = box.clientWidth;
  const resized = () => {
    if (!box.isConnected) { window.removeEventListener("resize", resized); return; }
    if (box.clientWidth !== width) { width = box.clientWidth; draw(); }
  };
  window.addEventListener("resize", resized);
}

// The overview's small trend of a domain's failure rate, one point per bucket of days.
function trendLine(domain, trend) {
  const w = 120, h = 28, max = Math.max(0.0001, ...trend.map((t) => t.failureRate));
  const points = trend.map((t, i) => `${(i / Math.max(1, trend.length - 1)) * w},${h - 2 - (t.failureRate / max) * (h - 4)}`).join(" ");
  const last = trend[trend.length - 1];
  return `<svg class="trend" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="Failure rate of ${esc(domain)} from ${esc(trend[0]?.from ?? "")} to ${esc(last?.to ?? "")}, highest ${pct(max === 0.0001 ? 0 : max)}"><polyline points="${points}"/></svg>`;
}
