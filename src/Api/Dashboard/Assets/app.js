// The tenant dashboard: a page of its own over the public /v1 API, signed in with a session cookie.
"use strict";

// Meanings and fixes of result types come from the API (GET /v1/result-types), the one place the product keeps them.
let resultTypes = null;
async function resultTypeMeanings() {
  if (!resultTypes) resultTypes = Object.fromEntries(((await api("GET", "/v1/result-types")).data ?? []).map((t) => [t.resultType, [t.meaning, t.fix]]));
  return resultTypes;
}

// Each navigation starts a new view; a page whose data arrives after the user moved on must not draw over the next.
const state = { session: null, view: 0 };
const main = () => document.getElementById("main");
const esc = (s) => String(s ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
const pct = (r) => (r == null ? "–" : (r * 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + " %");
// A domain may break after its dots on a narrow screen rather than inside a label.
const breakable = (domain) => esc(domain).replace(/\./g, ".<wbr>");
// Counts for the reader: 236,505, not 236505.
const num = (n) => (n == null ? "–" : Number(n).toLocaleString("en-US"));
const FILTERS = ["resultType", "organization", "receivingMx", "sendingIp"];
const RANGES = [7, 30, 90, 365];
const PAGE = 25;

// The view's range, filters and report page live in the URL after the route (#/domains/x?from=…&to=…&resultType=…),
// so a view can be shared; without from/to the last 30 days are shown.
function viewParams() {
  // A section anchor after the query (…&to=…#policy, from the overview's links) is not part of it.
  const q = new URLSearchParams((location.hash.split("?")[1] ?? "").split("#")[0]);
  const to = /^\d{4}-\d{2}-\d{2}$/.test(q.get("to") ?? "") ? q.get("to") : day(0);
  const from = /^\d{4}-\d{2}-\d{2}$/.test(q.get("from") ?? "") ? q.get("from") : new Date(Date.parse(to) - 29 * 86400000).toISOString().slice(0, 10);
  const filters = Object.fromEntries(FILTERS.filter((f) => q.get(f)).map((f) => [f, q.get(f)]));
  return { from, to, filters, page: Math.max(0, parseInt(q.get("page") ?? "0", 10) || 0) };
}

function hashWith(path, params) {
  const q = new URLSearchParams({ from: params.from, to: params.to, ...params.filters });
  if (params.page) q.set("page", String(params.page));
  return `#${path}?${q}`;
}

function query(params, extra) {
  return new URLSearchParams({ from: params.from, to: params.to, ...params.filters, ...(extra ?? {}) }).toString();
}

function rangePicker(path, params) {
  const days = (Date.parse(params.to) - Date.parse(params.from)) / 86400000 + 1;
  const quick = RANGES.map((n) => {
    const from = day(1 - n), current = params.to === day(0) && days === n;
    return `<a class="range${current ? " current" : ""}" ${current ? 'aria-current="true"' : ""} href="${esc(hashWith(path, { ...params, from, to: day(0), page: 0 }))}">${n} days</a>`;
  }).join(" ");
  return `<form class="range-picker" id="range-picker"><span>${quick}</span>
    <label for="range-from">From</label><input id="range-from" type="date" value="${esc(params.from)}" required>
    <label for="range-to">To</label><input id="range-to" type="date" value="${esc(params.to)}" required>
    <button type="submit" class="secondary">Show</button></form>`;
}

function wireRangePicker(path, params) {
  document.getElementById("range-picker")?.addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = hashWith(path, { ...params, from: document.getElementById("range-from").value, to: document.getElementById("range-to").value, page: 0 });
  });
}
const day = (offset) => new Date(Date.now() + offset * 86400000).toISOString().slice(0, 10);

async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && state.session) headers["X-CSRF-Token"] = state.session.csrfToken;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: "same-origin" });
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  // A tenant that requires a second factor refuses a person without one on its routes: the Security page sets one up.
  if (response.status === 403 && problemCode({ data }) === "second-factor-setup-required") {
    state.secondFactorRequired = true;
    if (!location.hash.startsWith("#/security")) location.hash = "#/security";
  }
  return { status: response.status, ok: response.ok, data };
}

// The stable code at the end of a problem's type (urn:tlsrpt-platform:problem:sign-in-failed → "sign-in-failed").
const problemCode = (result) => String(result?.data?.type ?? "").split(/[/:]/).pop();
// The query after a hash route (#/invitation?token=…).
const hashQuery = () => new URLSearchParams((location.hash.split("?")[1] ?? "").split("#")[0]);

function render(view, html, title) {
  if (view !== state.view) return false;
  main().innerHTML = html;
  document.title = title + " · TlsRptPlatform";
  main().focus();
  return true;
}

function download(name, type, content) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([content], { type }));
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}

// Organization, MX and result names come from anonymous reports. A spreadsheet runs a cell that starts with = + - @
// (or tab or CR before one) as a formula, so such text gets a leading single quote (OWASP, CSV injection). Numbers
// are ours and stay numbers.
function csvCell(v) {
  let s = String(v ?? "");
  if (typeof v !== "number" && /^[=+\-@\t\r]/.test(s)) s = "'" + s;
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}

function csv(rows) {
  return rows.map((r) => r.map(csvCell).join(",")).join("\n") + "\n";
}

function rate(rows) {
  const ok = rows.reduce((s, r) => s + r.successfulSessions, 0);
  const failed = rows.reduce((s, r) => s + r.failedSessions, 0);
  return ok + failed === 0 ? null : ok / (ok + failed);
}

function sparkline(rows, params) {
  const w = 120, h = 28, rates = rows.map((r) => r.failureRate);
  const points = rates.map((r, i) => `${(i / Math.max(1, rates.length - 1)) * w},${h - (r ?? 0) * h}`).join(" ");
  return `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="Failure rate from ${esc(params.from)} to ${esc(params.to)}"><polyline fill="none" stroke="#c4302b" stroke-width="1.5" points="${points}"/></svg>`;
}

function policyBadges(policy) {
  if (!policy) return `<span class="badge none">not checked</span>`;
  const tls = policy.tlsRpt.status === "valid" ? "ok" : "bad";
  const sts = policy.mtaSts.status === "valid" ? (policy.mtaSts.mode === "enforce" ? "ok" : "warn") : "none";
  const dane = policy.mx.some((m) => m.tlsa.length > 0) ? (policy.mx.every((m) => m.tlsaAuthenticated || m.tlsa.length === 0) ? "ok" : "bad") : "none";
  return `<span class="badge ${tls}">TLS-RPT ${esc(policy.tlsRpt.status)}</span><span class="badge ${sts}">MTA-STS ${esc(policy.mtaSts.mode ?? policy.mtaSts.status)}</span><span class="badge ${dane}">DANE ${dane === "none" ? "none" : dane === "ok" ? "on" : "unsigned"}</span>`;
}

// Messages for the codes an OpenID Connect provider's sign-in comes back with (#/sign-in?error=<code>).
const SIGN_IN_ERRORS = {
  "oidc-failed": "Sign-in with the provider failed. Try again, or sign in with your e-mail address and password.",
  "oidc-denied": "The sign-in was cancelled at the provider.",
  "oidc-email-unverified": "An account with the address the provider gave exists, but the provider does not say the address is verified, so it cannot be linked. Sign in with your password.",
  "oidc-no-account": "There is no account for the address the provider gave. Ask for an invitation, or create an account.",
  "oidc-no-email": "The provider did not give an e-mail address; allow the platform to read it (scope email) and try again.",
  "oidc-no-subject": "The provider's answer named no user. Tell the platform's operator.",
  "tenant-suspended": "Your tenant is suspended. Ask the platform's operator.",
};

// The e-mail and password form, with the code step a second factor needs; used by the sign-in and invitation pages.
function personSignInForm(email) {
  return `<form id="person-sign-in" class="card narrow">
      <label for="sign-in-email">E-mail address</label>
      <input id="sign-in-email" type="email" autocomplete="username" required value="${esc(email ?? "")}"${email ? " readonly" : ""}>
      <label for="sign-in-password">Password</label>
      <input id="sign-in-password" type="password" autocomplete="current-password" required>
      <div id="sign-in-code-step" hidden>
        <label for="sign-in-code">Code from your authenticator app, or a recovery code</label>
        <input id="sign-in-code" autocomplete="one-time-code" maxlength="40">
      </div>
      <p><button type="submit">Sign in</button></p>
      <p id="person-sign-in-error" class="error" role="alert"></p>
    </form>`;
}

function wirePersonSignIn(onSignedIn) {
  const form = document.getElementById("person-sign-in");
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const out = document.getElementById("person-sign-in-error"), step = document.getElementById("sign-in-code-step");
    const body = { email: document.getElementById("sign-in-email").value, password: document.getElementById("sign-in-password").value };
    const code = document.getElementById("sign-in-code").value.trim();
    if (!step.hidden && code) body.code = code;
    out.textContent = "";
    const result = await api("POST", "/v1/session", body);
    if (result.ok) { state.session = result.data; onSignedIn(result.data); return; }
    const problem = problemCode(result);
    if (problem === "second-factor-required") {
      step.hidden = false;
      document.getElementById("sign-in-code").required = true;
      out.textContent = "Enter the 6-digit code from your authenticator app (or one of your recovery codes).";
      document.getElementById("sign-in-code").focus();
      return;
    }
    out.textContent = result.status === 429 ? "Too many attempts: wait a minute and try again." : (result.data?.detail ?? "Sign-in failed.");
    if (problem === "email-not-verified" && !document.getElementById("resend-verification")) {
      const again = document.createElement("p");
      again.innerHTML = '<button type="button" class="secondary" id="resend-verification">Send the confirmation link again</button>';
      form.appendChild(again);
      again.querySelector("button").addEventListener("click", async () => {
        await api("POST", "/v1/account/verification", { email: body.email });
        out.textContent = "If the address has an account, a new confirmation link is on its way.";
      });
    }
  });
}

// The front door: e-mail and password, the OpenID Connect providers, and (kept for scripts and old bookmarks) a tenant API key.
async function signInPage(message, keyOpen) {
  const view = state.view;
  showNav(false);
  const error = hashQuery().get("error");
  const shown = message ?? (error ? (SIGN_IN_ERRORS[error] ?? `Sign-in failed (${error}).`) : "");
  const providers = await api("GET", "/v1/auth/providers");
  const list = providers.ok && Array.isArray(providers.data) ? providers.data.filter((p) => /^(\/|https?:\/\/)/.test(String(p.signInUrl ?? ""))) : [];
  if (!render(view, `<h1>Sign in</h1>
    <p id="sign-in-message" class="${error && !message ? "error" : ""}" role="status">${esc(shown)}</p>
    ${personSignInForm()}
    <p class="links"><a href="#/reset-password">Forgot password?</a> <a href="#/sign-up">Create an account</a></p>
    ${list.length ? `<div class="card narrow" id="providers"><h2>Or sign in with</h2><ul class="providers">${list.map((p) => `<li><a class="button secondary" href="${esc(p.signInUrl)}">${esc(p.displayName)}</a></li>`).join("")}</ul></div>` : ""}
    <details class="card narrow" id="key-sign-in"${keyOpen ? " open" : ""}><summary>Sign in with an API key</summary>
    <form id="sign-in">
      <label for="api-key">Tenant API key</label>
      <input id="api-key" name="apiKey" type="password" autocomplete="off" required size="50">
      <p><button type="submit">Sign in with the key</button></p>
      <p id="sign-in-error" class="error" role="alert"></p>
    </form></details>`, "Sign in")) return;
  wirePersonSignIn(() => goHome());
  document.getElementById("sign-in").addEventListener("submit", async (e) => {
    e.preventDefault();
    const result = await api("POST", "/v1/session", { apiKey: document.getElementById("api-key").value });
    if (!result.ok) {
      document.getElementById("sign-in-error").textContent = result.data?.detail ?? "Sign-in failed.";
      return;
    }

    state.session = result.data;
    goHome();
  });
}

function goHome() {
  if (location.hash === "#/overview") route(); else location.hash = "#/overview";
}

async function domainsPage() {
  const view = state.view;
  const params = { ...viewParams(), filters: {}, page: 0 }, path = "/domains";
  const list = (await api("GET", "/v1/domains")).data ?? [];
  if (list.length === 0) {
    render(view, `<h1>Domains</h1><div class="card"><p>No domains yet.</p><p class="needs-write"><a class="button" href="#/onboarding">Add your first domain</a></p></div>`, "Domains");
    return;
  }

  const alerts = (await api("GET", "/v1/alerts?limit=200")).data ?? [];
  const rows = await Promise.all(list.map(async (d) => {
    const daily = (await api("GET", `/v1/domains/${encodeURIComponent(d.name)}/daily?${query(params)}`)).data ?? [];
    const policy = await api("GET", `/v1/domains/${encodeURIComponent(d.name)}/policy`);
    const open = alerts.filter((a) => a.domain === d.name && a.status !== "delivered").length;
    return `<tr data-domain="${esc(d.name)}">
      <td><a class="key" href="${esc(hashWith(`/domains/${encodeURIComponent(d.name)}`, params))}">${breakable(d.name)}</a></td>
      <td>${d.verified ? '<span class="badge ok">verified</span>' : '<span class="badge warn">not verified</span>'}</td>
      <td class="optional">${policyBadges(policy.ok ? policy.data : null)}</td>
      <td class="num" data-field="success-range">${pct(rate(daily))}</td><td class="num optional">${pct(rate(daily.slice(-7)))}</td>
      <td class="optional">${sparkline(daily, params)}</td><td class="num">${open}</td></tr>`;
  }));
  if (!render(view, `<h1>Domains</h1>${rangePicker(path, params)}<div class="card"><h2>${esc(params.from)} – ${esc(params.to)} (UTC)</h2><table id="domain-list">
    <thead><tr><th>Domain</th><th>Verified</th><th class="optional">Policies</th><th class="num">Success</th><th class="num optional">Success, last 7 days</th><th class="optional">Failure rate</th><th class="num">Open alerts</th></tr></thead>
    <tbody>${rows.join("")}</tbody></table></div>`, "Domains")) return;
  wireRangePicker(path, params);
}

async function onboardingPage() {
  const view = state.view;
  if (!render(view, `<h1>Add a domain</h1><form id="register" class="card">
      <label for="domain-name">Mail domain</label><input id="domain-name" name="name" required placeholder="example.com">
      <p><button type="submit">Register</button></p><p id="register-error" class="error" role="alert"></p></form><div id="onboarding"></div>`, "Add a domain")) return;
  document.getElementById("register").addEventListener("submit", async (e) => {
    e.preventDefault();
    const result = await api("POST", "/v1/domains", { name: document.getElementById("domain-name").value });
    if (!result.ok) {
      document.getElementById("register-error").textContent = result.data?.detail ?? "Registration failed.";
      return;
    }

    const d = result.data;
    document.getElementById("onboarding").innerHTML = `<div class="card"><h2>Publish this TXT record</h2>
      <p>Name: <code id="record-name">${esc(d.tlsRptRecordName)}</code></p>
      <p class="record" id="record-value">${esc(d.tlsRptRecord)}</p>
      <p><button type="button" id="copy-record" class="secondary">Copy the record</button>
      <button type="button" id="verify">Check now</button>
      <span id="verified" role="status">${d.verified ? '<span class="badge ok">verified</span>' : '<span class="badge warn">waiting for the record…</span>'}</span></p>
      <p><a href="#/domains/${encodeURIComponent(d.name)}">Go to ${esc(d.name)}</a></p></div>`;
    document.getElementById("copy-record").addEventListener("click", () => navigator.clipboard?.writeText(d.tlsRptRecord));
    const refresh = async () => {
      const current = await api("GET", `/v1/domains/${encodeURIComponent(d.name)}`);
      const badge = document.getElementById("verified");
      if (badge && current.ok) badge.innerHTML = current.data.verified ? '<span class="badge ok">verified</span>' : '<span class="badge warn">waiting for the record…</span>';
      return current.ok && current.data.verified;
    };
    document.getElementById("verify").addEventListener("click", async () => { await api("POST", `/v1/domains/${encodeURIComponent(d.name)}/checks`); refresh(); });
    const timer = setInterval(async () => { if (!document.getElementById("verified") || await refresh()) clearInterval(timer); }, 5000);
  });
}

async function alertsPage() {
  const view = state.view;
  const params = { ...viewParams(), filters: {}, page: 0 }, path = "/alerts";
  const [channels, alerts] = await Promise.all([api("GET", "/v1/alerts/channels"), api("GET", `/v1/alerts?${query(params, { limit: 200 })}`)]);
  if (!render(view, `<h1>Alerts</h1>
    <div class="card"><h2>Channels</h2><table><thead><tr><th>Kind</th><th>Target</th><th>Id</th></tr></thead><tbody>
    ${(channels.data ?? []).map((c) => `<tr><td>${esc(c.kind)}</td><td>${esc(c.url ?? c.to)}</td><td><code>${esc(c.id)}</code></td></tr>`).join("") || '<tr><td colspan="3">No channels yet: add one below, then add rules on a domain\'s page.</td></tr>'}</tbody></table>
    <form id="add-channel" class="needs-write"><label for="channel-kind">Kind</label><select id="channel-kind"><option value="email">E-mail</option><option value="webhook">Webhook</option></select>
      <label for="channel-target">E-mail address or https:// URL</label><input id="channel-target" required size="50">
      <p><button type="submit">Add channel</button></p><p id="channel-result" role="status"></p></form></div>
    <div class="card"><h2>Alert log</h2>${rangePicker(path, params)}<p class="muted">${esc(params.from)} – ${esc(params.to)} (UTC), newest first, at most 200.</p>
    <table id="alert-log"><thead><tr><th>When (UTC)</th><th>Kind</th><th class="optional">Domain</th><th>Summary</th><th>Status</th></tr></thead><tbody>
    ${(alerts.data ?? []).map((a) => `<tr><td>${esc(a.occurredAt.replace("T", " ").slice(0, 16))}</td><td>${esc(a.kind)}</td><td class="optional">${a.domain ? breakable(a.domain) : ""}</td><td>${esc(a.summary)}</td><td>${esc(a.status)}${a.lastError ? ` <span class="muted">(${esc(a.lastError)})</span>` : ""}</td></tr>`).join("") || '<tr><td colspan="5">No alerts in this range.</td></tr>'}</tbody></table></div>`, "Alerts")) return;
  wireRangePicker(path, params);
  document.getElementById("add-channel").addEventListener("submit", async (e) => {
    e.preventDefault();
    const kind = document.getElementById("channel-kind").value, target = document.getElementById("channel-target").value;
    const result = await api("POST", "/v1/alerts/channels", kind === "email" ? { kind, to: target } : { kind, url: target });
    const out = document.getElementById("channel-result");
    if (!result.ok) { out.className = "error"; out.textContent = result.data?.detail ?? "The channel was refused."; return; }
    if (result.data.secret) { out.innerHTML = `Added. Webhook secret (shown only now): <code>${esc(result.data.secret)}</code>`; return; }
    alertsPage();
  });
}

// Pages anyone may open, signed in or not: the links in the platform's mail lead to them.
const PUBLIC_PAGES = { "sign-in": () => signInPage(), "sign-up": () => signUpPage(), "verify-email": () => verifyEmailPage(), "reset-password": () => resetPasswordPage(), "invitation": () => invitationPage() };

function showNav(on) {
  document.getElementById("nav").hidden = !on;
  document.getElementById("tenant").hidden = !on;
}

// What the session may do decides what the page offers (the API refuses the rest anyway): body[data-access] hides the
// .needs-analyze, .needs-write, .needs-admin and .needs-owner controls above it; .needs-person, .needs-operator and
// .needs-tenant follow who signed in and whether they look at a tenant.
function applySession() {
  const s = state.session;
  document.body.dataset.access = s.access ?? "none";
  document.body.dataset.person = s.user ? "true" : "false";
  document.body.dataset.operator = s.operator ? "true" : "false";
  document.body.dataset.tenant = s.tenantId ? "some" : "none";
  showNav(true);
  const box = document.getElementById("tenant");
  const role = s.role ? ` <span class="badge none" id="tenant-role">${esc(s.role)}</span>` : "";
  const choices = (s.tenants ?? []).filter((t) => !t.suspended || t.id === s.tenantId);
  if (s.user && choices.length > 1) {
    box.innerHTML = `<label for="tenant-switch" class="visually-hidden">Tenant</label><select id="tenant-switch">
      ${s.tenantId ? "" : '<option value="" selected>Choose a tenant</option>'}
      ${choices.map((t) => `<option value="${esc(t.id)}"${t.id === s.tenantId ? " selected" : ""}>${esc(t.name)}${t.role ? ` (${esc(t.role)})` : ""}</option>`).join("")}</select>${role}`;
    box.querySelector("#tenant-switch").addEventListener("change", async (e) => {
      const result = await api("PUT", "/v1/session/tenant", { tenantId: e.target.value });
      if (!result.ok) { e.target.value = s.tenantId ?? ""; alertBox(result.data?.detail ?? "The switch was refused."); return; }
      state.session = result.data;
      goHome();
    });
  } else {
    box.innerHTML = `<span id="tenant-name">${esc(s.tenantName ?? "No tenant")}</span>${role}`;
  }
}

function alertBox(text) {
  const p = document.createElement("p");
  p.className = "error";
  p.setAttribute("role", "alert");
  p.textContent = text;
  main().prepend(p);
}

async function route() {
  const view = ++state.view;
  const [, page, arg, sub, subArg] = (location.hash || "#/overview").split("?")[0].split("/");
  if (!state.session) {
    const current = await api("GET", "/v1/session");
    if (view !== state.view) return;
    if (current.ok) state.session = current.data;
    else if (!PUBLIC_PAGES[page]) return signInPage();
  }

  if (state.session) applySession(); else showNav(false);
  if (PUBLIC_PAGES[page]) return PUBLIC_PAGES[page]();
  if (page === "security") return securityPage();
  if (page === "operator") return operatorPage();
  // A person who belongs to no tenant (yet) has only their own pages.
  if (!state.session.tenantId) return noTenantPage();
  if (page === "members") return membersPage();
  // The overview is the landing page; a path without a page shows it.
  if (page === "domains" && arg && sub === "reports" && subArg) return reportPage(decodeURIComponent(arg), decodeURIComponent(subArg));
  if (page === "domains" && arg) return domainPage(decodeURIComponent(arg));
  if (page === "onboarding") return onboardingPage();
  if (page === "alerts") return alertsPage();
  if (page === "keys") return keysPage();
  if (page === "audit") return auditPage();
  if (page === "domains") return domainsPage();
  return overviewPage();
}

async function signOut() {
  const wasKey = Boolean(state.session?.scope);
  await api("DELETE", "/v1/session");
  state.session = null;
  state.view++;
  history.replaceState(null, "", location.pathname);
  // Someone who signed in with a key finds the key form open again.
  signInPage("Signed out.", wasKey);
}

document.getElementById("sign-out").addEventListener("click", signOut);
window.addEventListener("hashchange", route);
route();
