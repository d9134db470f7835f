// The people pages: sign-up, the links the platform mails (confirm the address, reset the password, join a tenant),
// the tenant's members and invitations, and a person's own security (password, second factor).
"use strict";

const ROLES = ["viewer", "analyst", "admin", "owner"];
const ROLE_HINTS = { viewer: "reads everything", analyst: "also runs checks, imports and alert rules", admin: "also changes domains and policies, manages members and keys", owner: "also deletes the tenant and gives the owner role" };
const dayOf = (t) => (t ? esc(String(t).slice(0, 10)) : "–");
const isOwner = () => state.session?.access === "owner";
const isAdmin = () => ["admin", "owner"].includes(state.session?.access);

function passwordFields(prefix, label) {
  return `<label for="${prefix}-password">${esc(label ?? "Password")} <span class="muted">(long is strong: a few words make a good one)</span></label>
    <input id="${prefix}-password" type="password" autocomplete="new-password" required maxlength="256">`;
}

async function signUpPage() {
  const view = state.view;
  if (!render(view, `<h1>Create an account</h1>
    <form id="sign-up" class="card narrow">
      <label for="sign-up-email">E-mail address</label><input id="sign-up-email" type="email" autocomplete="email" required>
      ${passwordFields("sign-up")}
      <label for="sign-up-tenant">Name of your organization (your tenant)</label><input id="sign-up-tenant" required maxlength="100" autocomplete="organization">
      <p><button type="submit">Create the account</button></p>
      <p id="sign-up-result" role="alert"></p>
    </form>
    <p><a href="#/sign-in">Back to sign-in</a></p>`, "Create an account")) return;
  document.getElementById("sign-up").addEventListener("submit", async (e) => {
    e.preventDefault();
    const email = document.getElementById("sign-up-email").value;
    const result = await api("POST", "/v1/account/sign-up", { email, password: document.getElementById("sign-up-password").value, tenantName: document.getElementById("sign-up-tenant").value });
    const out = document.getElementById("sign-up-result");
    if (result.ok) {
      out.className = "";
      out.textContent = `Check your mailbox: a link to confirm ${email} is on its way. Open it, then sign in.`;
      return;
    }
    out.className = "error";
    out.textContent = problemCode(result) === "sign-up-closed" ? "Sign-up is closed on this platform: ask an admin of your organization for an invitation." : (result.data?.detail ?? "The account was not created.");
  });
}

async function verifyEmailPage() {
  const view = state.view, token = hashQuery().get("token");
  const result = token ? await api("POST", "/v1/account/verify-email", { token }) : { ok: false, data: { detail: "The link has no token." } };
  if (!render(view, `<h1>Confirm your e-mail address</h1><div class="card narrow">
    ${result.ok ? '<p id="verify-result" role="status">Your address is confirmed. You can sign in now.</p><p><a class="button" href="#/sign-in">Sign in</a></p>'
      : `<p id="verify-result" class="error" role="alert">${esc(result.data?.detail ?? "The link is not valid.")}</p>
        <form id="resend"><label for="resend-email">Send a new link to</label><input id="resend-email" type="email" autocomplete="email" required>
        <p><button type="submit">Send a new link</button></p><p id="resend-result" role="status"></p></form><p><a href="#/sign-in">Sign in</a></p>`}</div>`, "Confirm your address")) return;
  document.getElementById("resend")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    await api("POST", "/v1/account/verification", { email: document.getElementById("resend-email").value });
    document.getElementById("resend-result").textContent = "If the address has an account that is not confirmed yet, a new link is on its way.";
  });
}

async function resetPasswordPage() {
  const view = state.view, token = hashQuery().get("token");
  if (!token) {
    if (!render(view, `<h1>Forgot your password?</h1><form id="reset-request" class="card narrow">
      <p>We mail a link to set a new password to the address of your account.</p>
      <label for="reset-email">E-mail address</label><input id="reset-email" type="email" autocomplete="email" required>
      <p><button type="submit">Send the link</button></p><p id="reset-result" role="status"></p></form><p><a href="#/sign-in">Back to sign-in</a></p>`, "Reset the password")) return;
    document.getElementById("reset-request").addEventListener("submit", async (e) => {
      e.preventDefault();
      const result = await api("POST", "/v1/account/password-reset", { email: document.getElementById("reset-email").value });
      document.getElementById("reset-result").textContent = result.ok || result.status === 202
        ? "If the address has an account, a link to set a new password is on its way."
        : (result.data?.detail ?? "The link was not sent.");
    });
    return;
  }

  if (!render(view, `<h1>Set a new password</h1><form id="reset-confirm" class="card narrow">
    ${passwordFields("reset", "New password")}
    <p><button type="submit">Set the password</button></p><p id="reset-result" role="alert"></p></form>`, "Set a new password")) return;
  document.getElementById("reset-confirm").addEventListener("submit", async (e) => {
    e.preventDefault();
    const result = await api("POST", "/v1/account/password-reset/confirm", { token, password: document.getElementById("reset-password").value });
    const out = document.getElementById("reset-result");
    if (result.ok) {
      out.className = "";
      out.innerHTML = 'Your password is set; every other session of your account has ended. <a href="#/sign-in">Sign in</a>';
      return;
    }
    out.className = "error";
    out.textContent = result.data?.detail ?? "The password was not set.";
  });
}

async function invitationPage() {
  const view = state.view, token = hashQuery().get("token");
  const preview = token ? await api("POST", "/v1/invitations/preview", { token }) : { ok: false, data: { detail: "The link has no token." } };
  if (!preview.ok) {
    render(view, `<h1>Invitation</h1><div class="card narrow"><p class="error" role="alert">${esc(preview.data?.detail ?? "This invitation is not valid.")}</p><p><a href="#/sign-in">Sign in</a></p></div>`, "Invitation");
    return;
  }

  const p = preview.data, me = state.session?.user;
  const intro = `<p id="invitation-summary">You are invited to <strong>${esc(p.tenantName)}</strong> as <strong>${esc(p.role)}</strong> (${esc(ROLE_HINTS[p.role] ?? "")}).</p>
    <p class="muted">For ${esc(p.email)}; the link works until ${esc(String(p.expiresAt).replace("T", " ").slice(0, 16))} UTC.</p>`;
  let body;
  if (me && me.email.toLowerCase() === p.email.toLowerCase()) {
    body = `<p><button type="button" id="accept-invitation">Join ${esc(p.tenantName)}</button></p>`;
  } else if (me) {
    body = `<p class="error">You are signed in as ${esc(me.email)}. Sign out, then open the link again to join with ${esc(p.email)}.</p>
      <p><button type="button" class="secondary" id="invitation-sign-out">Sign out</button></p>`;
  } else if (p.accountExists) {
    body = `<h2>Sign in to accept</h2><p>${esc(p.email)} already has an account: sign in with it to join.</p>${personSignInForm(p.email)}`;
  } else {
    body = `<form id="accept-new"><h2>Create your account</h2><p>Choose a password for ${esc(p.email)}.</p>
      ${passwordFields("invitation")}
      <p><button type="submit">Join ${esc(p.tenantName)}</button></p></form>`;
  }

  if (!render(view, `<h1>Join ${esc(p.tenantName)}</h1><div class="card narrow" id="invitation">${intro}${body}<p id="invitation-error" class="error" role="alert"></p></div>`, "Invitation")) return;
  const accept = async (password) => {
    const result = await api("POST", "/v1/invitations/accept", password === undefined ? { token } : { token, password });
    if (!result.ok) { document.getElementById("invitation-error").textContent = result.data?.detail ?? "The invitation was not accepted."; return; }
    state.session = result.data;
    goHome();
  };
  document.getElementById("accept-invitation")?.addEventListener("click", () => accept());
  document.getElementById("invitation-sign-out")?.addEventListener("click", async () => {
    await api("DELETE", "/v1/session");
    state.session = null;
    route();
  });
  document.getElementById("accept-new")?.addEventListener("submit", (e) => { e.preventDefault(); accept(document.getElementById("invitation-password").value); });
  if (document.getElementById("person-sign-in")) wirePersonSignIn(() => accept());
}

async function noTenantPage() {
  const view = state.view;
  render(view, `<h1>No tenant yet</h1><div class="card narrow"><p class="wrap">Your account (${esc(state.session.user?.email ?? "")}) does not belong to a tenant.
    Ask an admin of your organization to invite you; the link in the invitation mail brings you in.</p>
    <p><a href="#/security">Your account's security</a></p></div>`, "No tenant");
}

function roleOptions(current) {
  return ROLES.filter((r) => r !== "owner" || isOwner() || current === "owner").map((r) => `<option value="${r}"${r === current ? " selected" : ""}>${r}</option>`).join("");
}

async function membersPage() {
  const view = state.view, s = state.session;
  const [members, invitations] = await Promise.all([api("GET", "/v1/members"), isAdmin() ? api("GET", "/v1/invitations") : Promise.resolve({ ok: true, data: [] })]);
  if (!members.ok) {
    render(view, `<h1>Members</h1><p class="error" role="alert">${esc(members.data?.detail ?? "The members could not be listed.")}</p>`, "Members");
    return;
  }

  const me = s.user?.id;
  const rows = members.data.map((m) => {
    // An admin changes and removes others; only an owner touches an owner. Oneself leaves instead.
    const canChange = isAdmin() && m.userId !== me && (m.role !== "owner" || isOwner());
    const role = canChange
      ? `<span class="inline-form"><label for="role-${esc(m.userId)}" class="visually-hidden">Role of ${esc(m.email)}</label><select id="role-${esc(m.userId)}">${roleOptions(m.role)}</select>
        <button type="button" class="secondary" data-role-of="${esc(m.userId)}" aria-label="Save the role of ${esc(m.email)}">Save</button></span>`
      : esc(m.role);
    return `<tr data-member="${esc(m.email)}"><td><span class="key">${esc(m.email)}</span>${m.userId === me ? ' <span class="muted">(you)</span>' : ""}</td><td>${role}</td>
      <td class="optional">${dayOf(m.since)}</td><td>${m.totpEnabled ? '<span class="badge ok">on</span>' : '<span class="badge none">off</span>'}</td>
      <td>${canChange ? `<button type="button" class="secondary" data-remove="${esc(m.userId)}" aria-label="Remove ${esc(m.email)}">Remove</button>` : ""}</td></tr>`;
  }).join("");
  const open = (invitations.data ?? []).map((i) => `<tr data-invitation="${esc(i.email)}"><td><span class="key">${esc(i.email)}</span></td><td>${esc(i.role)}</td>
    <td class="optional">${esc(i.invitedBy)}</td><td>${dayOf(i.expiresAt)}</td>
    <td><button type="button" class="secondary" data-withdraw="${esc(i.id)}" aria-label="Withdraw the invitation of ${esc(i.email)}">Withdraw</button></td></tr>`).join("");
  if (!render(view, `<h1>Members of ${esc(s.tenantName)}</h1>
    <div class="card"><table id="member-list"><thead><tr><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col" class="optional">Since</th><th scope="col">Second factor</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${rows}</tbody></table><p id="member-error" class="error" role="alert"></p>
      <p class="muted">Viewers read everything; analysts also run checks, imports and alert rules; admins also change domains and policies and manage members and keys; owners also delete the tenant and give the owner role.</p></div>
    <form class="card needs-admin narrow" id="invite"><h2>Invite someone</h2>
      <label for="invite-email">E-mail address</label><input id="invite-email" type="email" required autocomplete="off">
      <label for="invite-role">Role</label><select id="invite-role">${roleOptions("viewer")}</select>
      <p><button type="submit">Send the invitation</button></p><p id="invite-result" role="status"></p></form>
    <div class="card needs-admin"><h2>Open invitations</h2>
      <table id="invitation-list"><thead><tr><th scope="col">E-mail</th><th scope="col">Role</th><th scope="col" class="optional">Invited by</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${open || '<tr><td colspan="5">No open invitations.</td></tr>'}</tbody></table></div>
    <div class="card needs-person narrow"><h2>Leave ${esc(s.tenantName)}</h2><p>You lose access to its domains and reports until someone invites you again.${isOwner() ? " As an owner, make another member owner first if you are the last one." : ""}</p>
      <p><button type="button" class="secondary" id="leave-tenant">Leave ${esc(s.tenantName)}</button></p><p id="leave-result" role="alert"></p></div>
    <div class="card needs-owner narrow"><h2>Delete ${esc(s.tenantName)}</h2><p>Deletes the tenant with all its domains, reports, keys and memberships. This cannot be undone.</p>
      <label for="delete-tenant-name">Type the tenant's name to confirm</label><input id="delete-tenant-name" autocomplete="off">
      <p><button type="button" class="secondary" id="delete-tenant">Delete the tenant</button></p><p id="delete-tenant-result" role="alert"></p></div>`, "Members")) return;
  const error = (text) => { document.getElementById("member-error").textContent = text; };
  // A role is saved with its button, not on change: arrow keys on a select would otherwise save every role they pass.
  main().querySelectorAll("[data-role-of]").forEach((button) => button.addEventListener("click", async () => {
    const select = document.getElementById(`role-${button.dataset.roleOf}`);
    const result = await api("PUT", `/v1/members/${encodeURIComponent(button.dataset.roleOf)}`, { role: select.value });
    if (result.ok) membersPage(); else error(result.data?.detail ?? "The role was not changed.");
  }));
  main().querySelectorAll("[data-remove]").forEach((b) => b.addEventListener("click", async () => {
    if (b.dataset.confirm !== "true") { b.dataset.confirm = "true"; b.textContent = "Press again to remove"; return; }
    const result = await api("DELETE", `/v1/members/${encodeURIComponent(b.dataset.remove)}`);
    if (result.ok) membersPage(); else error(result.data?.detail ?? "The member was not removed.");
  }));
  main().querySelectorAll("[data-withdraw]").forEach((b) => b.addEventListener("click", async () => {
    const result = await api("DELETE", `/v1/invitations/${encodeURIComponent(b.dataset.withdraw)}`);
    if (result.ok) membersPage(); else error(result.data?.detail ?? "The invitation was not withdrawn.");
  }));
  document.getElementById("invite").addEventListener("submit", async (e) => {
    e.preventDefault();
    const email = document.getElementById("invite-email").value;
    const result = await api("POST", "/v1/invitations", { email, role: document.getElementById("invite-role").value });
    if (result.ok) { await membersPage(); const out = document.getElementById("invite-result"); if (out) out.textContent = `Invitation mailed to ${email}.`; return; }
    const out = document.getElementById("invite-result");
    out.className = "error";
    out.textContent = result.data?.detail ?? "The invitation was not sent.";
  });
  document.getElementById("leave-tenant").addEventListener("click", async (e) => {
    const out = document.getElementById("leave-result");
    if (e.target.dataset.confirm !== "true") { e.target.dataset.confirm = "true"; out.textContent = "Press again to leave."; return; }
    const result = await api("POST", "/v1/members/leave");
    if (!result.ok) { out.textContent = result.data?.detail ?? "You did not leave."; return; }
    await refreshSession();
  });
  document.getElementById("delete-tenant").addEventListener("click", async () => {
    const out = document.getElementById("delete-tenant-result");
    if (document.getElementById("delete-tenant-name").value !== s.tenantName) { out.textContent = "Type the tenant's name exactly to confirm."; return; }
    const result = await api("DELETE", "/v1/tenant");
    if (!result.ok) { out.textContent = result.data?.detail ?? "The tenant was not deleted."; return; }
    await refreshSession();
  });
}

// After leaving or deleting a tenant (or changing what the session sees): ask the API where the session stands now.
async function refreshSession() {
  const current = await api("GET", "/v1/session");
  state.session = current.ok ? current.data : null;
  if (state.session?.user && !state.session.tenantId && state.session.tenants?.length) {
    const switched = await api("PUT", "/v1/session/tenant", { tenantId: state.session.tenants[0].id });
    if (switched.ok) state.session = switched.data;
  }
  goHome();
}

async function securityPage(shown) {
  const view = state.view, s = state.session;
  if (!s.user) {
    render(view, `<h1>Security</h1><div class="card narrow"><p>This session was signed in with an API key: a person's password and second factor are managed after signing in with e-mail and password.</p></div>`, "Security");
    return;
  }

  const [account, tenant] = await Promise.all([api("GET", "/v1/account"), s.tenantId && isAdmin() ? api("GET", "/v1/tenant") : Promise.resolve(null)]);
  if (!account.ok) {
    render(view, `<h1>Security</h1><p class="error" role="alert">${esc(account.data?.detail ?? "The account could not be read.")}</p>`, "Security");
    return;
  }

  const a = account.data, t = tenant?.ok ? tenant.data : null;
  const required = state.secondFactorRequired && !a.totpEnabled;
  const codes = (list) => `<ol class="recovery-codes" id="recovery-codes">${list.map((c) => `<li>${esc(c)}</li>`).join("")}</ol>`;
  const factor = a.totpEnabled
    ? `<p><span class="badge ok">on</span> Sign-in asks for a code from your authenticator app. ${num(a.recoveryCodesLeft)} recovery codes left.</p>
      ${shown?.codes ? `<div class="notice"><p><strong>Your recovery codes, shown only now.</strong> Keep them somewhere safe: each signs you in once instead of a code.</p>${codes(shown.codes)}</div>` : ""}
      <form id="totp-manage"><label for="totp-manage-code">Current code from your app</label><input id="totp-manage-code" autocomplete="one-time-code" inputmode="numeric" required maxlength="40">
        <p><button type="submit" class="secondary" id="renew-codes">New recovery codes</button> <button type="button" class="secondary" id="disable-totp">Turn off</button></p></form>`
    : `<p><span class="badge none">off</span> A second factor protects your account if your password leaks.</p>
      ${shown?.setup ? `<ol><li>Add this key to your authenticator app (or open the otpauth link on the phone that has it):
          <p class="secret" id="totp-secret">${esc(shown.setup.secret)}</p><p class="secret" id="totp-uri">${esc(shown.setup.otpauthUri)}</p></li>
        <li><form id="totp-confirm"><label for="totp-code">The 6-digit code the app shows now</label><input id="totp-code" autocomplete="one-time-code" inputmode="numeric" pattern="[0-9]{6}" required maxlength="6">
          <p><button type="submit">Turn on</button></p></form></li></ol>`
      : '<p><button type="button" id="begin-totp">Set up an authenticator app</button></p>'}`;
  if (!render(view, `<h1>Security</h1>
    ${required ? `<p class="notice" role="alert">${esc(s.tenantName ?? "Your tenant")} requires a second factor: set one up to continue.</p>` : ""}
    <div class="card narrow"><h2>Your account</h2><p class="wrap">${esc(a.email)}${a.operator ? ' <span class="badge ok">operator</span>' : ""}</p></div>
    <div class="card narrow" id="second-factor"><h2>Second factor</h2>${factor}<p id="totp-result" role="alert"></p></div>
    <form class="card narrow" id="change-password"><h2>Change the password</h2>
      <label for="current-password">Current password</label><input id="current-password" type="password" autocomplete="current-password" required>
      ${passwordFields("new", "New password")}
      <p><button type="submit">Change the password</button></p><p id="password-result" role="alert"></p></form>
    ${t ? `<form class="card narrow" id="tenant-security"><h2>Members of ${esc(t.name)}</h2>
      <p><input type="checkbox" id="require-second-factor"${t.requireSecondFactor ? " checked" : ""}> <label for="require-second-factor" class="inline">Require a second factor for all members</label></p>
      <p class="muted">Members without one are sent here until they set one up.</p>
      <p><button type="submit" class="secondary">Save</button></p><p id="tenant-security-result" role="status"></p></form>` : ""}`, "Security")) return;
  const out = document.getElementById("totp-result");
  const fail = (result, fallback) => { out.className = "error"; out.textContent = result.data?.detail ?? fallback; };
  document.getElementById("begin-totp")?.addEventListener("click", async () => {
    const result = await api("POST", "/v1/account/totp");
    if (result.ok) { await securityPage({ setup: result.data }); document.getElementById("totp-code")?.focus(); } else fail(result, "The second factor could not be set up.");
  });
  document.getElementById("totp-confirm")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const result = await api("POST", "/v1/account/totp/confirm", { code: document.getElementById("totp-code").value.trim() });
    if (!result.ok) { fail(result, "That code was not right."); return; }
    state.secondFactorRequired = false;
    const current = await api("GET", "/v1/session");
    if (current.ok) { state.session = current.data; applySession(); }
    securityPage({ codes: result.data.recoveryCodes });
  });
  document.getElementById("totp-manage")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const result = await api("POST", "/v1/account/totp/recovery-codes", { code: document.getElementById("totp-manage-code").value.trim() });
    if (result.ok) securityPage({ codes: result.data.recoveryCodes }); else fail(result, "That code was not right.");
  });
  document.getElementById("disable-totp")?.addEventListener("click", async () => {
    const field = document.getElementById("totp-manage-code");
    if (!field.reportValidity()) return;
    const result = await api("POST", "/v1/account/totp/disable", { code: field.value.trim() });
    if (result.ok) securityPage(); else fail(result, "That code was not right.");
  });
  document.getElementById("change-password").addEventListener("submit", async (e) => {
    e.preventDefault();
    const result = await api("PUT", "/v1/account/password", { currentPassword: document.getElementById("current-password").value, newPassword: document.getElementById("new-password").value });
    const done = document.getElementById("password-result");
    if (!result.ok) { done.className = "error"; done.textContent = result.data?.detail ?? "The password was not changed."; return; }
    // The new password ended every session, this one too: the answer is the new one, with its own CSRF token.
    state.session = result.data;
    e.target.reset();
    done.className = "";
    done.textContent = "Password changed. Your other sessions have ended.";
  });
  document.getElementById("tenant-security")?.addEventListener("submit", async (e) => {
    e.preventDefault();
    const result = await api("PUT", "/v1/tenant/security", { requireSecondFactor: document.getElementById("require-second-factor").checked });
    const done = document.getElementById("tenant-security-result");
    done.className = result.ok ? "" : "error";
    done.textContent = result.ok ? "Saved." : (result.data?.detail ?? "The setting was not saved.");
  });
}
