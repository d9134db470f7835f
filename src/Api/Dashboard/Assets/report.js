// One report: its policies, summaries and failure details laid out, with the JSON as received beside it. Built from
// /raw, the bytes the sender delivered, so the page shows exactly what was counted.
async function reportPage(name, id) {
  const view = state.view;
  const domainPath = `#/domains/${encodeURIComponent(name)}`;
  const rawPath = `/v1/domains/${encodeURIComponent(name)}/reports/${encodeURIComponent(id)}/raw`;
  const response = await fetch(rawPath, { headers: { Accept: "application/json" }, credentials: "same-origin" });
  const text = await response.text();
  if (view !== state.view) return;
  if (!response.ok) {
    return render(view, `<p class="report-back"><a href="${domainPath}">${breakable(name)}</a></p><div class="card"><h1>Report not found</h1><p>No report ${esc(id)} exists for ${esc(name)}.</p></div>`, "Report");
  }

  const report = JSON.parse(text);
  const range = report["date-range"] ?? {};
  const cell = (v) => `<td>${esc(v ?? "–")}</td>`;
  const policies = (report.policies ?? []).map((p, i) => {
    const policy = p.policy ?? {}, summary = p.summary ?? {}, failures = p["failure-details"] ?? [];
    const ok = summary["total-successful-session-count"], failed = summary["total-failure-session-count"];
    return `<section class="card report-policy" data-policy="${i}">
      <h2>${esc(policy["policy-type"])} policy for <span class="domain-name">${breakable(policy["policy-domain"])}</span></h2>
      <p><strong data-field="successful">${num(ok)}</strong> successful and <strong data-field="failed">${num(failed)}</strong> failed sessions (${pct(ok + failed > 0 ? failed / (ok + failed) : null)} failed).</p>
      ${(policy["policy-string"] ?? []).length ? `<h3>Policy as the sender saw it</h3><pre class="policy-string">${esc(policy["policy-string"].join("\n"))}</pre>` : ""}
      ${(policy["mx-host"] ?? []).length ? `<p>MX hosts: ${policy["mx-host"].map((h) => `<code>${esc(h)}</code>`).join(", ")}</p>` : ""}
      <h3>Failure details</h3>
      ${failures.length ? `<div class="scroll" tabindex="0" role="region" aria-label="Failure details">
        <table class="failures"><thead><tr><th>Result type</th><th>Sending MTA</th><th>Receiving MX</th><th>Receiving IP</th><th class="num">Sessions</th><th>Additional information</th></tr></thead><tbody>
        ${failures.map((f) => `<tr><td class="result-type">${esc(f["result-type"])}</td>${cell(f["sending-mta-ip"])}${cell(f["receiving-mx-hostname"])}${cell(f["receiving-ip"])}<td class="num">${num(f["failed-session-count"])}</td>${cell(f["additional-information"] ?? f["failure-reason-code"])}</tr>`).join("")}
      </tbody></table></div>` : "<p>None: every session of this policy succeeded.</p>"}
    </section>`;
  }).join("");

  render(view, `<p class="report-back"><a href="${domainPath}">${breakable(name)}</a></p>
    <h1>Report <span class="report-id">${esc(report["report-id"])}</span></h1>
    <p class="report-from">From <strong>${esc(report["organization-name"])}</strong> (${esc(report["contact-info"])}), covering ${esc(range["start-datetime"])} to ${esc(range["end-datetime"])}.</p>
    <div class="report-view">
      <div>${policies || '<div class="card"><p>The report lists no policies.</p></div>'}</div>
      <aside class="card"><h2>JSON as received</h2>
        <p><a href="${rawPath}" download="report-${esc(id)}.json">Download the exact bytes</a></p>
        <pre id="report-json" tabindex="0" aria-label="The report's JSON">${esc(JSON.stringify(report, null, 2))}</pre>
      </aside>
    </div>`, `Report ${report["report-id"] ?? id}`);
}
