// The overview: every domain of the tenant over the chosen range beside the range before it, and what needs attention
// first (ranked by the API: severity, then impact), each item linking to the page that explains it.
"use strict";

const SEVERITY_BADGE = { error: "bad", warning: "warn", info: "none" };

async function overviewPage() {
  const view = state.view;
  const params = { ...viewParams(), filters: {}, page: 0 }, path = "/overview";
  const result = await api("GET", `/v1/overview?${query(params)}`);
  if (!result.ok) {
    render(view, `<h1>Overview</h1>${rangePicker(path, params)}<p class="error" role="alert">${esc(result.data?.detail ?? "The range is not valid.")}</p><p><a href="#/overview">Reset</a></p>`, "Overview");
    wireRangePicker(path, params);
    return;
  }

  const o = result.data;
  if (o.domains.length === 0) {
    render(view, `<h1>Overview</h1><div class="card"><p>No domains yet.</p><p class="needs-write"><a class="button" href="#/onboarding">Add your first domain</a></p></div>`, "Overview");
    return;
  }

  // Links keep the range, so a domain opens on the days the overview showed.
  const domainHref = (d) => hashWith(`/domains/${encodeURIComponent(d)}`, { from: o.from, to: o.to, filters: {}, page: 0 });
  // The API links to "/#/domains/…"; the page lives at "/", so the fragment alone navigates within it.
  const itemHref = (link) => (link.startsWith("/#") ? link.slice(1) : link);
  const change = (d) => {
    if (d.previousFailureRate == null) return '<span class="muted">no data before</span>';
    const delta = d.failureRate - d.previousFailureRate;
    const word = Math.abs(delta) < 0.00005 ? "unchanged" : delta > 0 ? "up" : "down";
    return `${pct(d.previousFailureRate)} <span class="change ${word === "up" ? "bad" : word === "down" ? "ok" : ""}">(${word})</span>`;
  };
  const rows = o.domains.map((d) => `<tr data-domain="${esc(d.domain)}">
      <td><a class="key" href="${esc(domainHref(d.domain))}">${breakable(d.domain)}</a></td>
      <td>${d.verified ? '<span class="badge ok">verified</span>' : '<span class="badge warn">not verified</span>'}</td>
      <td class="num" data-field="sessions" data-label="Sessions" data-value="${d.successfulSessions + d.failedSessions}">${num(d.successfulSessions + d.failedSessions)}</td>
      <td class="num" data-field="failed" data-label="Failed" data-value="${d.failedSessions}">${num(d.failedSessions)}</td>
      <td class="num" data-field="rate" data-label="Failure rate" data-value="${d.failureRate}">${pct(d.failureRate)}</td>
      <td class="num optional" data-field="previous" data-value="${d.previousFailureRate ?? -1}">${change(d)}</td>
      <td class="optional">${trendLine(d.domain, d.trend)}</td></tr>`).join("");
  // The title names hosts and domains, so it is text, and the link says where it goes, described by the title: a link
  // named after a domain stays that domain's own link in the table.
  const items = o.needsAttention.map((i, n) => `<li data-kind="${esc(i.kind)}" data-domain="${esc(i.domain)}">
      <span class="badge ${SEVERITY_BADGE[i.severity] ?? "none"}">${esc(i.severity)}</span>
      <strong id="attention-${n}">${esc(i.title)}</strong> <span class="muted">on</span> <span class="key">${breakable(i.domain)}</span>
      <a href="${esc(itemHref(i.link))}" aria-describedby="attention-${n}">Show why</a>
      <div class="detail">${esc(i.detail)}</div></li>`).join("");
  if (!render(view, `<h1>Overview</h1>
    ${rangePicker(path, params)}
    <div class="card"><h2>Needs attention</h2>${items ? `<ol id="needs-attention" class="attention">${items}</ol>` : '<p id="needs-attention">Nothing needs attention in this range.</p>'}</div>
    <div class="card"><h2 id="overview-range">${esc(o.from)} – ${esc(o.to)} (UTC)</h2>
      <table class="sortable" id="overview-domains"><thead><tr><th scope="col">Domain</th><th scope="col">Verified</th><th scope="col" class="num">Sessions</th><th scope="col" class="num">Failed</th>
        <th scope="col" class="num">Failure rate</th><th scope="col" class="num optional">Rate before</th><th scope="col" class="optional">Trend of the failure rate</th></tr></thead>
      <tbody>${rows}</tbody></table></div>`, "Overview")) return;
  wireRangePicker(path, params);
  makeSortable(main());
}
