// The tenant's settings pages for admins: API keys (created, shown once, revoked) and the audit log of changes.
"use strict";

const when = (t) => (t ? esc(t.replace("T", " ").slice(0, 16)) : "–");

function keyStatus(k) {
  if (k.revokedAt) return '<span class="badge none">revoked</span>';
  if (k.expiresAt && Date.parse(k.expiresAt) <= Date.now()) return '<span class="badge warn">expired</span>';
  return '<span class="badge ok">active</span>';
}

async function keysPage(created) {
  const view = state.view;
  const keys = await api("GET", "/v1/api-keys");
  if (!keys.ok) {
    render(view, `<h1>API keys</h1><p class="error" role="alert">${esc(keys.data?.detail ?? "API keys are managed with an admin key.")}</p>`, "API keys");
    return;
  }

  const rows = keys.data.map((k) => `<tr data-key="${esc(k.id)}"><td><span class="key">${esc(k.name)}</span></td><td>${esc(k.scope)}</td><td class="optional">${when(k.createdAt)}</td>
    <td class="optional">${when(k.expiresAt)}</td><td>${when(k.lastUsedAt)}</td><td>${keyStatus(k)}</td>
    <td>${k.revokedAt ? "" : `<button type="button" class="secondary" data-revoke="${esc(k.id)}" aria-label="Revoke ${esc(k.name)}">Revoke</button>`}</td></tr>`).join("");
  if (!render(view, `<h1>API keys</h1>
    ${created ? `<div class="card" id="new-key-card"><h2>New key: ${esc(created.name)}</h2>
      <p>Copy it now: it is shown only this once, and the platform keeps only its hash.</p>
      <p class="record" id="new-key">${esc(created.key)}</p><p><button type="button" class="secondary" id="copy-key">Copy the key</button></p></div>` : ""}
    <div class="card"><h2>Keys of ${esc(state.session.tenantName)}</h2>
      <p>Scripts and machines use a key as <code>Authorization: Bearer &lt;key&gt;</code>. <strong>read</strong> reads everything, <strong>write</strong> also changes domains, rules and policies, <strong>admin</strong> also manages keys and reads the audit log.</p>
      <table id="key-list"><thead><tr><th scope="col">Name</th><th scope="col">Scope</th><th scope="col" class="optional">Created (UTC)</th><th scope="col" class="optional">Expires</th><th scope="col">Last used</th><th scope="col">Status</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${rows}</tbody></table><p id="key-error" class="error" role="alert"></p></div>
    <form class="card" id="create-key"><h2>Create a key</h2>
      <label for="key-name">Name (what uses it)</label><input id="key-name" required maxlength="100">
      <label for="key-scope">Scope</label><select id="key-scope"><option>read</option><option>write</option><option>admin</option></select>
      <label for="key-expires">Expires on (optional)</label><input id="key-expires" type="date">
      <p><button type="submit">Create key</button></p><p id="create-key-error" class="error" role="alert"></p></form>`, "API keys")) return;
  document.getElementById("copy-key")?.addEventListener("click", () => navigator.clipboard?.writeText(created.key));
  main().querySelectorAll("[data-revoke]").forEach((b) => b.addEventListener("click", async () => {
    const result = await api("DELETE", `/v1/api-keys/${encodeURIComponent(b.dataset.revoke)}`);
    if (result.ok) keysPage(); else document.getElementById("key-error").textContent = result.data?.detail ?? "The key was not revoked.";
  }));
  document.getElementById("create-key").addEventListener("submit", async (e) => {
    e.preventDefault();
    const expires = document.getElementById("key-expires").value;
    const result = await api("POST", "/v1/api-keys", {
      name: document.getElementById("key-name").value, scope: document.getElementById("key-scope").value,
      expiresAt: expires ? `${expires}T00:00:00Z` : undefined,
    });
    if (result.ok) keysPage(result.data); else document.getElementById("create-key-error").textContent = result.data?.detail ?? "The key was not created.";
  });
}

async function auditPage() {
  const view = state.view;
  const params = { ...viewParams(), filters: {}, page: 0 }, path = "/audit";
  const entries = await api("GET", `/v1/audit?${query(params, { limit: 1000 })}`);
  if (!entries.ok) {
    render(view, `<h1>Audit log</h1>${rangePicker(path, params)}<p class="error" role="alert">${esc(entries.data?.detail ?? "The audit log is read with an admin key.")}</p>`, "Audit log");
    wireRangePicker(path, params);
    return;
  }

  const who = (e) => (e.keyName ? `${esc(e.keyName)} <span class="muted">(${esc(e.actorKind)})</span>` : esc(e.actorKind));
  const rows = entries.data.map((e) => `<tr><td>${when(e.at)}</td><td>${who(e)}</td><td class="optional">${esc(e.address ?? "")}</td>
    <td><span class="key">${esc(e.action)}</span></td><td class="optional">${esc(e.target)}</td><td class="num">${e.status}</td></tr>`).join("");
  if (!render(view, `<h1>Audit log</h1>${rangePicker(path, params)}
    <div class="card"><h2>${esc(params.from)} – ${esc(params.to)} (UTC)</h2>
      <p>Every change made with a key or in the dashboard, refused attempts with their status, and every sign-in. Newest first, at most 1,000.
      <button type="button" class="secondary" id="audit-csv">CSV</button></p>
      <table id="audit-log"><thead><tr><th scope="col">When (UTC)</th><th scope="col">Who</th><th scope="col" class="optional">From</th><th scope="col">What</th><th scope="col" class="optional">Target</th><th scope="col" class="num">Status</th></tr></thead>
      <tbody>${rows || '<tr><td colspan="6">Nothing recorded in this range.</td></tr>'}</tbody></table></div>`, "Audit log")) return;
  wireRangePicker(path, params);
  document.getElementById("audit-csv").addEventListener("click", async () => {
    const response = await fetch(`/v1/audit?${query(params, { limit: 10000, format: "csv" })}`, { credentials: "same-origin" });
    download(`audit-${params.from}-${params.to}.csv`, "text/csv", await response.text());
  });
}
