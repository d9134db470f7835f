// The operator console for people the platform made operators: every tenant with its usage, suspend and resume, quota.
"use strict";

const bytes = (n) => (n >= 1048576 ? `${(n / 1048576).toLocaleString("en-US", { maximumFractionDigits: 1 })} MB` : n >= 1024 ? `${(n / 1024).toLocaleString("en-US", { maximumFractionDigits: 1 })} kB` : `${num(n)} B`);

async function operatorPage() {
  const view = state.view;
  if (!state.session.operator) {
    render(view, `<h1>Operator</h1><p class="error" role="alert">Only the platform's operators see this page.</p>`, "Operator");
    return;
  }

  const tenants = await api("GET", "/v1/admin/tenants");
  if (!tenants.ok) {
    render(view, `<h1>Operator</h1><p class="error" role="alert">${esc(tenants.data?.detail ?? "The tenants could not be listed.")}</p>`, "Operator");
    return;
  }

  const rows = tenants.data.map((t) => `<tr data-tenant="${esc(t.id)}"><td><span class="key">${esc(t.name)}</span><br><code class="muted">${esc(t.id)}</code></td>
    <td>${t.status === "active" ? '<span class="badge ok">active</span>' : '<span class="badge bad">suspended</span>'}</td>
    <td class="num">${num(t.domains)} / ${num(t.maxDomains)}</td><td class="num optional">${num(t.reportsStored)}</td>
    <td class="num optional">${num(t.reportsToday)}</td><td class="num optional">${num(t.reportsPerDay)}</td><td class="num optional">${bytes(t.storedBytes)}</td>
    <td><button type="button" class="secondary" data-${t.status === "active" ? "suspend" : "resume"}="${esc(t.id)}" aria-label="${t.status === "active" ? "Suspend" : "Resume"} ${esc(t.name)}">${t.status === "active" ? "Suspend" : "Resume"}</button>
      <form class="inline-form" data-quota="${esc(t.id)}"><label for="quota-${esc(t.id)}">Domain quota</label>
        <input id="quota-${esc(t.id)}" type="number" min="0" max="1000000" value="${t.maxDomainsOverride ?? ""}" placeholder="${num(t.maxDomains)}">
        <button type="submit" class="secondary" aria-label="Save the quota of ${esc(t.name)}">Save</button></form></td></tr>`).join("");
  if (!render(view, `<h1>Operator</h1><div class="card"><h2>Tenants</h2>
    <p class="muted">Suspending refuses a tenant's keys and sign-ins; reports for its domains are still accepted. An empty quota uses the platform's default.</p>
    <table id="operator-tenants"><thead><tr><th scope="col">Tenant</th><th scope="col">Status</th><th scope="col" class="num">Domains / quota</th><th scope="col" class="num optional">Reports stored</th>
      <th scope="col" class="num optional">Today</th><th scope="col" class="num optional">Per day</th><th scope="col" class="num optional">Stored</th><th scope="col">Actions</th></tr></thead>
    <tbody>${rows || '<tr><td colspan="8">No tenants.</td></tr>'}</tbody></table><p id="operator-error" class="error" role="alert"></p></div>`, "Operator")) return;
  const done = (result) => { if (result.ok) operatorPage(); else document.getElementById("operator-error").textContent = result.data?.detail ?? "Refused."; };
  main().querySelectorAll("[data-suspend]").forEach((b) => b.addEventListener("click", async () => done(await api("POST", `/v1/admin/tenants/${encodeURIComponent(b.dataset.suspend)}/suspend`))));
  main().querySelectorAll("[data-resume]").forEach((b) => b.addEventListener("click", async () => done(await api("POST", `/v1/admin/tenants/${encodeURIComponent(b.dataset.resume)}/resume`))));
  main().querySelectorAll("[data-quota]").forEach((f) => f.addEventListener("submit", async (e) => {
    e.preventDefault();
    const value = f.querySelector("input").value;
    done(await api("PUT", `/v1/admin/tenants/${encodeURIComponent(f.dataset.quota)}/quota`, { maxDomains: value === "" ? null : Number(value) }));
  }));
}
