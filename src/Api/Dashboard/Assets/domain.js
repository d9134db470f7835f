// The domain page: totals, chart, breakdowns with drill-down, DNS policies, reports, and the MTA-STS, alert-rule and import panels.
"use strict";

// A breakdown from the API ({ key: failed sessions }) as rows, largest first.
const rowsOf = (byKey) => Object.entries(byKey ?? {}).map(([key, sessions]) => ({ key, sessions })).sort((a, b) => b.sessions - a.sessions);

function breakdown(title, key, byKey, meanings, drill) {
  const entries = rowsOf(byKey);
  if (entries.length === 0) return `<h3>${title}</h3><p class="muted">No failures.</p>`;
  const total = entries.reduce((n, e) => n + e.sessions, 0);
  const rows = entries.map((e) => {
    const [meaning, fix] = meanings ? (meanings[e.key] ?? ["", ""]) : ["", ""];
    const label = drill && !e.key.startsWith("(") ? `<a class="key" href="${esc(drill(e.key))}">${esc(e.key)}</a>` : `<span class="key">${esc(e.key)}</span>`;
    return `<tr><td>${label}</td><td class="num" data-value="${e.sessions}">${num(e.sessions)}</td><td class="num" data-value="${e.sessions / total}">${pct(e.sessions / total)}</td>${meanings ? `<td>${esc(meaning)}</td><td>${esc(fix)}</td>` : ""}</tr>`;
  }).join("");
  return `<h3>${title} <button type="button" class="secondary" data-export="${key}">CSV</button> <button type="button" class="secondary" data-export-json="${key}">JSON</button></h3><table class="sortable" id="breakdown-${key}">
    <thead><tr><th scope="col">${title}</th><th scope="col" class="num">Failed sessions</th><th scope="col" class="num">Share</th>${meanings ? '<th scope="col">What it means</th><th scope="col">How to fix it</th>' : ""}</tr></thead><tbody>${rows}</tbody></table>`;
}

// Per organization: successful and failed sessions and the rate, so 50 of 60 stands out against 2,700 of 2,000,000.
function organizationRates(list, drill) {
  if (!list || list.length === 0) return "";
  return `<h3>Rates per organization</h3><table class="sortable" id="organization-rates"><thead><tr><th scope="col">Organization</th><th scope="col" class="num">Successful</th><th scope="col" class="num">Failed</th><th scope="col" class="num">Failure rate</th></tr></thead><tbody>
    ${list.map((o) => `<tr><td><a class="key" href="${esc(drill(o.organization))}">${esc(o.organization)}</a></td><td class="num" data-value="${o.successfulSessions}">${num(o.successfulSessions)}</td><td class="num" data-value="${o.failedSessions}">${num(o.failedSessions)}</td><td class="num" data-value="${o.failureRate}">${pct(o.failureRate)}</td></tr>`).join("")}</tbody></table>`;
}

// Click (or Enter on) a column header to sort by it; numbers sort by their data-value, not their formatted text.
function makeSortable(root) {
  root.querySelectorAll("table.sortable th").forEach((th, _, all) => {
    th.tabIndex = 0;
    th.setAttribute("aria-sort", "none");
    const sort = () => {
      const table = th.closest("table"), index = [...th.parentNode.children].indexOf(th);
      const ascending = th.getAttribute("aria-sort") !== "ascending";
      th.parentNode.querySelectorAll("th").forEach((h) => h.setAttribute("aria-sort", "none"));
      th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      const value = (tr) => { const td = tr.children[index]; return td.dataset.value !== undefined ? Number(td.dataset.value) : td.textContent.toLowerCase(); };
      const rows = [...table.tBodies[0].rows].sort((a, b) => (value(a) > value(b) ? 1 : value(a) < value(b) ? -1 : 0) * (ascending ? 1 : -1));
      table.tBodies[0].append(...rows);
    };
    th.addEventListener("click", sort);
    th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
}

// The API's sentences: each failing result type at a receiving MX beside what the MX probe sees there now.
function explanations(list) {
  if (!list || list.length === 0) return "";
  return `<h3>What the MX probe sees</h3><ul id="explanations">${list.map((e) => `<li>${esc(e.text)}</li>`).join("")}</ul>`;
}

// Per MX address: what the last SMTP/TLS probe saw.
function probeTable(policy) {
  const rows = policy.mx.flatMap((m) => (m.probe?.addresses ?? []).map((a) => `<tr><td>${esc(m.host)}</td><td>${esc(a.address)}</td>
    <td>${a.reachable ? (a.startTls ? esc(a.tlsVersion ?? "handshake failed") : "no STARTTLS") : "unreachable"}</td>
    <td>${a.certificate ? esc(a.certificate.notAfter.slice(0, 10)) + ` (${a.daysUntilExpiry} days)` : "–"}</td>
    <td>${a.certificate ? (a.trusted ? "yes" : "no") : "–"}</td><td>${a.certificate ? (a.nameMatches ? "yes" : "no") : "–"}</td><td>${esc(a.dane ?? "–")}</td></tr>`));
  if (rows.length === 0) return "";
  return `<h3>MX hosts as probed <span class="muted">${esc((policy.probedAt ?? "").replace("T", " ").slice(0, 16))} UTC</span></h3><table id="mx-probe">
    <thead><tr><th>MX</th><th>Address</th><th>TLS</th><th>Certificate until</th><th>Trusted</th><th>Names MX</th><th>DANE</th></tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

// What the chart marks on its time axis: DNS policy changes, and the MX probe's side — a replaced certificate or STARTTLS
// gained or lost (history entries mx-certificate.*, mx-starttls.*) and what the last probe found (finding codes mx-*).
function chartEvents(history, policy) {
  const probe = (what) => what.startsWith("mx-");
  const events = history.map((c) => ({ at: c.at, what: c.what, kind: probe(c.what) ? "probe" : "policy" }));
  if (policy?.probedAt) {
    for (const f of policy.findings.filter((f) => probe(f.code))) events.push({ at: policy.probedAt, what: f.message, kind: "probe" });
  }
  return events;
}

// Every organization that reports on the domain, so a reporter that went quiet is found where its reports were.
function reportersTable(list) {
  if (list.length === 0) return '<h3 id="reporters">Reporters</h3><p>No reporter has sent a report yet.</p>';
  const at = (t) => esc(t.replace("T", " ").slice(0, 16));
  return `<h3 id="reporters">Reporters</h3><table class="sortable" id="reporter-list"><thead><tr><th scope="col">Organization</th><th scope="col">Last report (UTC)</th>
    <th scope="col" class="num">Reports, 30 days</th><th scope="col" class="num optional">Usually every</th><th scope="col" class="optional">Channel</th><th scope="col">Status</th></tr></thead><tbody>
    ${list.map((r) => `<tr data-organization="${esc(r.organization)}"><td><span class="key">${esc(r.organization)}</span></td><td data-value="${Date.parse(r.lastReportAt)}">${at(r.lastReportAt)}</td>
      <td class="num" data-value="${r.reportsLast30Days}">${num(r.reportsLast30Days)}</td><td class="num optional" data-value="${r.cadenceHours ?? -1}">${r.cadenceHours == null ? "–" : `${num(Math.round(r.cadenceHours))} h`}</td>
      <td class="optional">${esc(r.channel)}${r.dkimPasses === false ? ' <span class="badge bad">DKIM failed</span>' : ""}</td>
      <td>${r.silent ? '<span class="badge warn">silent</span>' : '<span class="badge ok">reporting</span>'}</td></tr>`).join("")}</tbody></table>`;
}

async function domainPage(name) {
  const view = state.view;
  const base = `/v1/domains/${encodeURIComponent(name)}`;
  const domain = await api("GET", base);
  if (!domain.ok) {
    render(view, `<h1>Not found</h1><p class="error" role="alert">${esc(domain.data?.detail ?? "This is not one of your domains.")}</p><p><a href="#/domains">Back to your domains</a></p>`, "Not found");
    return;
  }

  const params = viewParams(), { from, to } = params, path = `/domains/${encodeURIComponent(name)}`;
  // One more report than shown tells whether there is a next page without counting them all.
  const [daily, summary, policy, history, reports, rejections, reporters, meanings] = await Promise.all([
    api("GET", `${base}/daily?${query(params)}`), api("GET", `${base}/summary?${query(params)}`), api("GET", `${base}/policy`),
    api("GET", `${base}/policy/history`), api("GET", `${base}/reports?${query(params, { limit: PAGE + 1, offset: params.page * PAGE })}`), api("GET", `${base}/rejections`),
    api("GET", `${base}/reporters`), resultTypeMeanings()]);
  if (!summary.ok) {
    render(view, `<h1>${esc(name)}</h1><p class="error" role="alert">${esc(summary.data?.detail ?? "The range or filter is not valid.")}</p><p><a href="#${path}">Reset</a></p>`, name);
    return;
  }

  const s = summary.data, p = policy.ok ? policy.data : null;
  const drill = (field) => (value) => hashWith(path, { ...params, filters: { ...params.filters, [field]: value }, page: 0 });
  const shown = (reports.data ?? []).slice(0, PAGE), more = (reports.data ?? []).length > PAGE;
  const active = Object.entries(params.filters).map(([f, v]) => {
    const rest = Object.fromEntries(Object.entries(params.filters).filter(([k]) => k !== f));
    return `<li>${esc(f)}: <strong>${esc(v)}</strong> <a href="${esc(hashWith(path, { ...params, filters: rest, page: 0 }))}" aria-label="Remove the ${esc(f)} filter">remove</a></li>`;
  }).join("");
  const findings = p ? p.findings.map((f) => `<li><span class="badge ${f.severity === "error" ? "bad" : f.severity === "warning" ? "warn" : "none"}">${esc(f.severity)}</span> ${esc(f.message)} <em>${esc(f.fix)}</em></li>`).join("") : "";
  if (!render(view, `<h1>${breakable(name)} ${domain.data.verified ? '<span class="badge ok">verified</span>' : '<span class="badge warn">not verified</span>'}</h1>
    ${rangePicker(path, params)}
    ${active ? `<div class="card"><h2>Filtered to</h2><ul id="active-filters">${active}</ul></div>` : ""}
    <div class="card"><h2>${esc(from)} – ${esc(to)} (UTC)</h2>
      <p><strong id="total-successful">${num(s.successfulSessions)}</strong> successful and <strong id="total-failed">${num(s.failedSessions)}</strong> failed sessions in ${num(s.reports)} reports (${pct(s.failureRate)} failed).
      <button type="button" class="secondary" id="export-daily-csv">Daily CSV</button> <button type="button" class="secondary" id="export-daily-json">Daily JSON</button></p>
      <div class="chart-box" id="daily-chart-box"></div></div>
    <div class="grid">
      <div class="card">${breakdown("Result type", "byResultType", s.byResultType, meanings, drill("resultType"))}${explanations(s.explanations)}</div>
      <div class="card">${organizationRates(s.organizations, drill("organization"))}${breakdown("Sending organization", "byOrganization", s.byOrganization, null, drill("organization"))}${breakdown("Receiving MX", "byReceivingMx", s.byReceivingMx, null, drill("receivingMx"))}${breakdown("Sending IP", "bySendingIp", s.bySendingIp, null, drill("sendingIp"))}${breakdown("Policy domain (TLSA: MX host)", "byPolicyDomain", s.byPolicyDomain)}</div>
    </div>
    <div class="card" id="policy"><h2>DNS policies</h2>${p ? `<p>${policyBadges(p)} <span class="muted">checked ${esc(p.checkedAt.replace("T", " ").slice(0, 16))} UTC</span></p><ul>${findings || "<li>No findings.</li>"}</ul>${probeTable(p)}` : "<p>Not checked yet.</p>"}
      <p class="needs-analyze"><button type="button" id="check-now">Check now</button></p>
      <h3>Changes</h3><table><thead><tr><th>When (UTC)</th><th>What</th><th>Before</th><th>After</th></tr></thead><tbody>
      ${(history.data ?? []).map((c) => `<tr><td>${esc(c.at.replace("T", " ").slice(0, 16))}</td><td>${esc(c.what)}</td><td>${esc(c.old ?? "–")}</td><td>${esc(c.new ?? "–")}</td></tr>`).join("") || '<tr><td colspan="4">No changes recorded.</td></tr>'}</tbody></table></div>
    <div class="card" id="reports"><h2>Reports</h2><table><thead><tr><th>Received (UTC)</th><th>Organization</th><th class="num">Successful</th><th class="num">Failed</th><th class="optional">Channel</th><th>Report</th></tr></thead><tbody>
      ${shown.map((r) => `<tr><td>${esc(r.receivedAt.replace("T", " ").slice(0, 16))}</td><td>${esc(r.organization)}</td><td class="num">${num(r.successfulSessions)}</td><td class="num">${num(r.failedSessions)}</td><td class="optional">${esc(r.channel)}</td><td><a href="#/domains/${encodeURIComponent(name)}/reports/${r.id}">View</a> · <a href="${base}/reports/${r.id}/raw" download="report-${r.id}.json">raw JSON</a></td></tr>`).join("") || '<tr><td colspan="6">No reports in this range. Senders deliver once a day after you publish the TLS-RPT record.</td></tr>'}</tbody></table>
      <nav class="pager" aria-label="Report pages">${params.page > 0 ? `<a rel="prev" href="${esc(hashWith(path, { ...params, page: params.page - 1 }))}">Newer reports</a>` : ""}
        <span class="muted">Page ${params.page + 1}</span>${more ? `<a rel="next" href="${esc(hashWith(path, { ...params, page: params.page + 1 }))}">Older reports</a>` : ""}</nav>
      ${reportersTable(reporters.data ?? [])}
      <h3 id="rejections">Refused submissions</h3><ul>${(rejections.data ?? []).map((r) => `<li>${esc(r.at.replace("T", " ").slice(0, 16))} UTC · ${esc(r.kind)} · ${esc(r.detail)}</li>`).join("") || "<li>None.</li>"}</ul></div>`, name)) return;
  wireRangePicker(path, params);
  // Stacking by result type asks /daily once per type (the five with most failures), so only when the toggle is pressed;
  // under a result-type filter there is only one type to show.
  const types = rowsOf(s.byResultType).map((e) => e.key).filter((k) => !k.startsWith("(")).slice(0, 5);
  const loadByType = types.length && !params.filters.resultType ? async () => {
    const series = await Promise.all(types.map((t) => api("GET", `${base}/daily?${query(params, { resultType: t })}`)));
    return { types, series: Object.fromEntries(types.map((t, k) => [t, series[k].data ?? []])) };
  } : null;
  mountChart(document.getElementById("daily-chart-box"), daily.data ?? [], chartEvents(history.data ?? [], p), loadByType);
  makeSortable(main());
  // A link from the overview may name a section (…#policy, #rejections): show it.
  const section = location.hash.split("#")[2];
  if (section) document.getElementById(section)?.scrollIntoView();
  document.getElementById("export-daily-csv").addEventListener("click", () => download(`${name}-daily.csv`, "text/csv",
    csv([["day", "reports", "successfulSessions", "failedSessions", "failureRate"], ...daily.data.map((r) => [r.day, r.reports, r.successfulSessions, r.failedSessions, r.failureRate ?? ""])])));
  document.getElementById("export-daily-json").addEventListener("click", () => download(`${name}-daily.json`, "application/json", JSON.stringify(daily.data, null, 2)));
  main().querySelectorAll("[data-export]").forEach((b) => b.addEventListener("click", () =>
    download(`${name}-${b.dataset.export}.csv`, "text/csv", csv([["key", "failedSessions"], ...rowsOf(s[b.dataset.export]).map((e) => [e.key, e.sessions])]))));
  main().querySelectorAll("[data-export-json]").forEach((b) => b.addEventListener("click", () =>
    download(`${name}-${b.dataset.exportJson}.json`, "application/json", JSON.stringify(rowsOf(s[b.dataset.exportJson]), null, 2))));
  await mtaStsPanel(view, name, p);
  await alertRulesPanel(view, name);
  await importsPanel(view, name);
  // The panels took a while: the reader may have moved on to another page since.
  if (view !== state.view) return;
  deleteDomainPanel(name);
  document.getElementById("check-now").addEventListener("click", async () => { await api("POST", `${base}/checks`); domainPage(name); });
}

// Hosted or external MTA-STS: the records to publish and whether DNS shows them, the policy editor, the readiness
// checklist with its evidence, and the switch to enforce. Every word about a check comes from the API.
async function mtaStsPanel(view, name, checked) {
  const base = `/v1/domains/${encodeURIComponent(name)}/mta-sts`;
  const [hosted, readiness] = await Promise.all([api("GET", `${base}/policy`), api("GET", `${base}/readiness`)]);
  if (view !== state.view) return;
  const h = hosted.ok ? hosted.data : null, draft = hosted.data?.draft, r = readiness.ok ? readiness.data : null;
  const form = h ?? draft ?? { mode: "testing", mx: [], maxAge: 604800 };
  const shown = (rec) => rec.published === true ? '<span class="badge ok">in DNS</span>' : rec.published === false ? '<span class="badge warn">not yet</span>' : '<span class="badge none">lookup failed</span>';
  const external = checked?.mtaSts && checked.mtaSts.status !== "missing"
    ? `<p>DNS: MTA-STS ${esc(checked.mtaSts.status)}${checked.mtaSts.mode ? `, mode ${esc(checked.mtaSts.mode)}` : ""}${checked.mtaSts.id ? `, id ${esc(checked.mtaSts.id)}` : ""}.</p>` : "";
  const panel = document.createElement("div");
  panel.className = "card";
  panel.id = "mta-sts";
  panel.innerHTML = `<h2>MTA-STS</h2>
    ${h ? `<p><span class="badge ok">hosted here</span> <span class="badge ${h.mode === "enforce" ? "ok" : "warn"}">${esc(h.mode)}</span> id <code>${esc(h.id)}</code> <span class="muted">since ${esc(h.modeSince.replace("T", " ").slice(0, 16))} UTC</span></p>
      <h3>Records to publish</h3><table id="mta-sts-records"><thead><tr><th>Name</th><th>Type</th><th>Value</th><th>DNS</th></tr></thead><tbody>
      ${h.records.map((rec) => `<tr><td>${esc(rec.name)}</td><td>${esc(rec.type)}</td><td class="record">${esc(rec.value)}</td><td>${shown(rec)}${rec.published === false && rec.observed.length ? `<br><span class="muted">now: ${esc(rec.observed.join(", "))}</span>` : ""}</td></tr>`).join("")}</tbody></table>
      <details><summary>Policy file as served</summary><pre class="record">${esc(h.text)}</pre></details>`
      : `<p><span class="badge none">${checked?.mtaSts?.status === "valid" ? "external" : "not hosted"}</span> The platform does not serve a policy for ${esc(name)}.</p>${external}`}
    <form id="mta-sts-form" class="needs-write"><h3>${h ? "Edit the policy" : "Host a policy here"}</h3>
      <label for="mta-sts-mode">Mode</label><select id="mta-sts-mode">${["testing", "enforce", "none"].map((m) => `<option${m === form.mode ? " selected" : ""}>${m}</option>`).join("")}</select>
      <label for="mta-sts-mx">MX patterns, one per line (a host, or *.domain for one left-most label)</label><textarea id="mta-sts-mx" rows="4" cols="40">${esc((form.mx ?? []).join("\n"))}</textarea>
      <label for="mta-sts-max-age">max_age (seconds; 86400–31557600)</label><input id="mta-sts-max-age" type="number" min="86400" max="31557600" value="${Number(form.maxAge)}">
      <p><button type="submit">Save policy</button> ${h ? '<button type="button" class="secondary" id="mta-sts-delete">Stop hosting</button>' : ""}</p>
      <p id="mta-sts-error" class="error" role="alert"></p></form>
    ${r ? `<h3>Ready for enforce? ${r.mode === "enforce" ? '<span class="badge ok">enforcing</span>' : r.ready ? '<span class="badge ok">ready</span>' : '<span class="badge warn">not yet</span>'}</h3>
      <p class="muted">${esc(r.source)} policy${r.since ? `, in testing since ${esc(r.since.replace("T", " ").slice(0, 16))} UTC` : ""}; reports ${esc(r.from)} – ${esc(r.to)}; basis: ${esc(r.basis)}.</p>
      <ul id="mta-sts-readiness">${r.checks.map((c) => `<li><span class="badge ${c.passed ? "ok" : "bad"}">${c.passed ? "passed" : "failed"}</span> <strong>${esc(c.name)}</strong>: ${esc(c.evidence)}</li>`).join("")}</ul>
      ${r.checks.flatMap((c) => c.refused).length ? `<table><thead><tr><th>Would be refused</th><th>Receiving MX</th><th>Reporter</th><th class="num">Sessions</th></tr></thead><tbody>
        ${r.checks.flatMap((c) => c.refused).map((x) => `<tr><td>${esc(x.resultType)}</td><td>${esc(x.receivingMx)}</td><td>${esc(x.organization)}</td><td class="num">${x.sessions}</td></tr>`).join("")}</tbody></table>` : ""}
      ${h && h.mode === "testing" ? `<p class="needs-write"><button type="button" id="mta-sts-enforce">Switch to enforce</button></p><p id="mta-sts-enforce-result" role="status"></p>` : ""}` : ""}`;
  main().appendChild(panel);
  panel.querySelector("#mta-sts-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const mx = document.getElementById("mta-sts-mx").value.split("\n").map((l) => l.trim()).filter((l) => l.length > 0);
    const result = await api("PUT", `${base}/policy`, { mode: document.getElementById("mta-sts-mode").value, mx, maxAge: Number(document.getElementById("mta-sts-max-age").value) });
    if (result.ok) domainPage(name); else document.getElementById("mta-sts-error").textContent = result.data?.detail ?? "The policy was refused.";
  });
  panel.querySelector("#mta-sts-delete")?.addEventListener("click", async () => { await api("DELETE", `${base}/policy`); domainPage(name); });
  panel.querySelector("#mta-sts-enforce")?.addEventListener("click", async (e) => {
    const force = e.target.dataset.force === "true";
    const result = await api("POST", `${base}/enforce${force ? "?force=true" : ""}`);
    if (result.ok) { domainPage(name); return; }
    document.getElementById("mta-sts-enforce-result").textContent = `${result.data?.detail ?? "The switch was refused."} Press again to switch anyway.`;
    e.target.dataset.force = "true";
  });
}

async function alertRulesPanel(view, name) {
  const base = `/v1/domains/${encodeURIComponent(name)}/alert-rules`;
  const [rules, channels] = await Promise.all([api("GET", base), api("GET", "/v1/alerts/channels")]);
  if (view !== state.view) return;
  const panel = document.createElement("div");
  panel.className = "card";
  panel.id = "alert-rules";
  const options = (channels.data ?? []).map((c) => `<option value="${esc(c.id)}">${esc(c.kind)}: ${esc(c.url ?? c.to)}</option>`).join("");
  panel.innerHTML = `<h2>Alert rules</h2><table><thead><tr><th>Kind</th><th>Condition</th><th>Channels</th><th>Cooldown</th><th></th></tr></thead><tbody>
    ${(rules.data ?? []).map((r) => `<tr><td>${esc(r.kind)}</td><td>${r.kind === "failure-rate" ? `more than ${r.thresholdPercent} % of at least ${r.minSessions} sessions a day` : r.kind === "certificate-expiring" ? `${r.daysBefore}, 7 and 1 days before an MX certificate expires` : r.kind === "enforce-ready" ? `every readiness check passes; after the switch, sts failures above ${r.thresholdPercent ?? "the default"} %` : ""}</td><td>${r.channels.length}</td><td>${r.cooldownMinutes} min</td>
      <td><button type="button" class="secondary needs-analyze" data-delete-rule="${esc(r.id)}">Delete</button></td></tr>`).join("") || '<tr><td colspan="5">No rules.</td></tr>'}</tbody></table>
    ${options ? `<form id="add-rule" class="needs-analyze"><label for="rule-kind">Alert me when</label><select id="rule-kind">
      <option value="failure-rate">the failure rate of a day is too high</option><option value="new-failure-type">a new failure type appears</option>
      <option value="policy-broken">a DNS policy breaks</option><option value="policy-changed">a DNS policy changes</option><option value="reporter-silent">a reporter goes silent</option><option value="certificate-expiring">an MX certificate is about to expire</option><option value="enforce-ready">MTA-STS is ready for enforce (and watch after the switch)</option></select>
      <label for="rule-threshold">Threshold (% failed sessions, failure-rate only)</label><input id="rule-threshold" type="number" min="0" max="99.99" step="0.01" value="5">
      <label for="rule-min">At least this many sessions a day</label><input id="rule-min" type="number" min="0" value="100">
      <label for="rule-days">Days before expiry (certificate-expiring only; then again at 7 and 1)</label><input id="rule-days" type="number" min="1" max="398" value="30">
      <label for="rule-channel">Send to</label><select id="rule-channel">${options}</select>
      <p><button type="submit">Add rule</button></p><p id="rule-error" class="error" role="alert"></p></form>`
      : '<p>Add a channel on the <a href="#/alerts">Alerts</a> page first.</p>'}`;
  main().appendChild(panel);
  panel.querySelectorAll("[data-delete-rule]").forEach((b) => b.addEventListener("click", async () => {
    await api("DELETE", `${base}/${encodeURIComponent(b.dataset.deleteRule)}`);
    domainPage(name);
  }));
  panel.querySelector("#add-rule")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const kind = document.getElementById("rule-kind").value;
    const body = { kind, channels: [document.getElementById("rule-channel").value] };
    if (kind === "failure-rate") {
      body.thresholdPercent = Number(document.getElementById("rule-threshold").value);
      body.minSessions = Number(document.getElementById("rule-min").value);
    }
    if (kind === "certificate-expiring") body.daysBefore = Number(document.getElementById("rule-days").value);

    const result = await api("POST", base, body);
    if (result.ok) domainPage(name); else document.getElementById("rule-error").textContent = result.data?.detail ?? "The rule was refused.";
  });
}

// Upload of an archive (mbox, zip, report, e-mail) as the body itself, then the job followed until it ends.
async function importsPanel(view, name) {
  const base = `/v1/domains/${encodeURIComponent(name)}/imports`;
  const jobs = await api("GET", base);
  if (view !== state.view) return;
  const panel = document.createElement("div");
  panel.className = "card";
  panel.id = "imports";
  const row = (j) => `<tr><td>${esc(j.createdAt.replace("T", " ").slice(0, 16))}</td><td>${esc(j.fileName)}</td><td>${esc(j.status)}</td>
    <td class="num">${j.accepted}</td><td class="num">${j.duplicates}</td><td class="num">${j.refused}</td></tr>`;
  panel.innerHTML = `<h2>Import an archive</h2>
    <p>Reports you already have — an mbox of report e-mails, a zip of <code>.json</code>, <code>.json.gz</code> and <code>.eml</code> files, or one report — are counted as if they had been delivered; a report already here is counted once.</p>
    <form id="import-form" class="needs-analyze"><label for="import-file">Archive</label><input id="import-file" type="file" accept=".mbox,.mbx,.zip,.json,.gz,.eml" required>
      <p><button type="submit">Import</button></p></form>
    <div id="import-job" hidden><progress id="import-progress" max="1" value="0"></progress> <span id="import-status" role="status" aria-live="polite"></span><ul id="import-refusals"></ul></div>
    <table><thead><tr><th>Started (UTC)</th><th>File</th><th>Status</th><th class="num">Accepted</th><th class="num">Duplicates</th><th class="num">Refused</th></tr></thead>
      <tbody id="import-list">${(jobs.data ?? []).map(row).join("") || '<tr><td colspan="6">No imports yet.</td></tr>'}</tbody></table>`;
  main().appendChild(panel);
  panel.querySelector("#import-form").addEventListener("submit", async (e) => {
    e.preventDefault();
    const file = document.getElementById("import-file").files[0];
    if (!file) return;
    const status = document.getElementById("import-status");
    document.getElementById("import-job").hidden = false;
    status.textContent = `Uploading ${file.name} …`;
    const response = await fetch(`${base}?fileName=${encodeURIComponent(file.name)}`, {
      method: "POST", body: file, credentials: "same-origin",
      headers: { Accept: "application/json", "Content-Type": "application/octet-stream", "X-CSRF-Token": state.session.csrfToken },
    });
    let job = await response.json();
    if (!response.ok) { status.textContent = job.detail ?? "The archive was refused."; return; }
    while (view === state.view) {
      document.getElementById("import-progress").value = job.progress;
      status.textContent = `${job.status}: ${job.accepted} accepted, ${job.duplicates} duplicates, ${job.refused} refused${job.error ? " — " + job.error : ""}`;
      document.getElementById("import-refusals").innerHTML = job.refusals.map((r) =>
        `<li>${esc(r.reason)}: ${r.count}${r.examples.length ? ` (e.g. ${esc(r.examples[0].item)}: ${esc(r.examples[0].detail)})` : ""}</li>`).join("");
      if (job.status !== "queued" && job.status !== "running") break;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      job = (await api("GET", `/v1/imports/${encodeURIComponent(job.id)}`)).data ?? job;
    }
    const list = await api("GET", base);
    if (view === state.view) document.getElementById("import-list").innerHTML = (list.data ?? []).map(row).join("");
  });
}


// Deleting a domain takes its reports with it: the button asks to be pressed a second time.
function deleteDomainPanel(name) {
  const panel = document.createElement("div");
  panel.className = "card needs-write";
  panel.id = "delete-domain";
  panel.innerHTML = `<h2>Delete the domain</h2><p>Removes ${breakable(name)} with all its reports, aggregates, policies and alert rules.</p>
    <p><button type="button" class="secondary" id="delete-domain-button">Delete ${esc(name)}</button></p><p id="delete-domain-result" role="alert"></p>`;
  main().appendChild(panel);
  panel.querySelector("#delete-domain-button").addEventListener("click", async (e) => {
    const out = document.getElementById("delete-domain-result");
    if (e.target.dataset.confirm !== "true") {
      e.target.dataset.confirm = "true";
      out.textContent = `Press again to delete ${name} and everything recorded for it.`;
      return;
    }
    const result = await api("DELETE", `/v1/domains/${encodeURIComponent(name)}`);
    if (result.ok) { location.hash = "#/domains"; return; }
    out.className = "error";
    out.textContent = result.data?.detail ?? "The domain was not deleted.";
  });
}
