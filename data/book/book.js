// book.js: the few things the booking page does in the browser: send the details
// form (once, with an idempotency key), move or cancel a booking through its secret
// link, and the intake form's body map. Plain JavaScript, served by spa-desk-server.
"use strict";

function $(id) { return document.getElementById(id); }

function randomKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

async function postJson(url, body) {
  const response = await fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
    credentials: "omit",
  });
  let data = null;
  try { data = await response.json(); } catch (e) { data = null; }
  return { status: response.status, data: data };
}

function showError(form, name, show) {
  const input = form.elements[name];
  const error = $("e-" + name);
  if (!error) return;
  error.textContent = show ? error.dataset.message : "";
  if (input && input.setAttribute) input.setAttribute("aria-invalid", show ? "true" : "false");
}

// ---- booking details ----

function formatSlot(iso, zone, lang) {
  const when = new Date(iso);
  return new Intl.DateTimeFormat(lang === "fr" ? "fr-CA" : "en-CA", {
    weekday: "long", month: "long", day: "numeric", hour: "numeric", minute: "2-digit", timeZone: zone,
  }).format(when);
}

function setUpDetails(form) {
  const key = randomKey();   // one per page: a double click or a retry books once
  const summary = $("summary");
  let sending = false;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    const value = (name) => form.elements[name].value.trim();
    const checks = {
      first_name: value("first_name") !== "",
      last_name: value("last_name") !== "",
      email: /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value("email")),
      phone: value("phone") === "" || /^[+()\d\s.-]{7,25}$/.test(value("phone")),
    };
    let first = null;
    for (const name in checks) {
      showError(form, name, !checks[name]);
      if (!checks[name] && !first) first = name;
    }
    if (first) { form.elements[first].focus(); return; }

    sending = true;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    $("failed").hidden = true;
    $("taken").hidden = true;
    const therapist = form.dataset.therapist === "any" ? null : form.dataset.therapist;
    let result;
    try {
      result = await postJson("/v1/public/bookings", {
        service_id: form.dataset.service,
        starts_at: form.dataset.starts,
        therapist_id: therapist,
        client: {
          first_name: value("first_name"),
          last_name: value("last_name"),
          email: value("email"),
          phone: value("phone") || null,
        },
        note: value("note") || null,
        idempotency_key: key,
        location_id: form.dataset.location || null,
      });
    } catch (e) {
      result = { status: 0, data: null };
    }
    sending = false;
    button.disabled = false;

    if (result.status === 201) {
      const data = result.data;
      $("done-when").textContent = $("when").textContent;
      const names = document.querySelectorAll("#therapist-names li");
      for (const item of names) {
        if (item.dataset.id === data.therapist_id) {
          $("done-with").textContent = " · " + $("done-with").dataset.template.replace("%s", item.textContent);
        }
      }
      $("intake-link").href = data.intake_url;
      $("manage-link").href = data.manage_url;
      form.hidden = true;
      // The last step: done. What led here is no longer needed.
      for (const hide of document.querySelectorAll(".back, main > h1, #summary")) hide.hidden = true;
      const steps = document.querySelectorAll(".steps li");
      steps.forEach((step, i) => {
        const last = i === steps.length - 1;
        step.className = last ? "current" : "done";
        if (last) step.setAttribute("aria-current", "step");
        else step.removeAttribute("aria-current");
      });
      document.title = $("done-h").textContent + " · " + document.title.split(" · ").pop();
      const confirmation = $("confirmation");
      confirmation.hidden = false;
      confirmation.focus();
      return;
    }
    if (result.status === 409 && result.data && result.data.slots) {
      const list = $("alternatives");
      list.textContent = "";
      const seen = new Set();
      for (const slot of result.data.slots) {
        if (seen.has(slot.starts_at)) continue;
        seen.add(slot.starts_at);
        const item = document.createElement("li");
        const link = document.createElement("a");
        link.className = "time";
        link.href = form.dataset.bookUrl.replace("STARTS", encodeURIComponent(slot.starts_at));
        link.textContent = formatSlot(slot.starts_at, summary.dataset.timeZone, summary.dataset.lang);
        item.appendChild(link);
        list.appendChild(item);
      }
      $("taken").hidden = false;
      $("taken").scrollIntoView({ block: "center" });
      return;
    }
    if (result.status === 400 && result.data && result.data.field &&
        result.data.field.startsWith("client.")) {
      const name = result.data.field.slice(7);
      showError(form, name, true);
      if (form.elements[name]) form.elements[name].focus();
      return;
    }
    $("failed").hidden = false;
  });
}

// ---- a booking's own page ----

function setUpManage(box) {
  const base = "/v1/public/bookings/" + box.dataset.secret;
  const act = async (path, body) => {
    const result = await postJson(base + path, body).catch(() => ({ status: 0 }));
    if (result.status === 200) location.reload();
    else $("failed").hidden = false;
  };
  for (const button of box.querySelectorAll("[data-move]")) {
    button.addEventListener("click", () => act("/reschedule", { starts_at: button.dataset.move }));
  }
  if ($("cancel")) $("cancel").addEventListener("click", () => act("/cancel", {}));
  if ($("confirm")) $("confirm").addEventListener("click", () => act("/confirm", {}));
}

// ---- the intake form's body map ----

function setUpIntake(form) {
  const marks = new Map();          // region code -> { intensity, quality, note, avoid, reason }
  const panel = $("area-panel");
  const pain = $("area-pain");
  const painValue = $("area-pain-value");
  const quality = $("area-quality");
  const note = $("area-note");
  const avoid = $("area-avoid");
  const reason = $("area-reason");
  const list = $("marked");
  let current = null;

  const regionOf = (code) => form.querySelector('.region[data-region="' + code + '"]');

  function paint(code) {
    const region = regionOf(code);
    const mark = marks.get(code);
    region.classList.toggle("avoid", !!(mark && mark.avoid));
    if (mark && mark.intensity > 0) region.setAttribute("data-pain", String(mark.intensity));
    else region.removeAttribute("data-pain");
    region.setAttribute("aria-pressed", mark ? "true" : "false");
    let label = region.dataset.label;
    if (mark) label += ": " + describe(mark);
    region.setAttribute("aria-label", label);
  }

  function describe(mark) {
    const parts = [];
    if (mark.intensity > 0) parts.push(list.dataset.pain.replace("%d", mark.intensity));
    if (mark.quality) parts.push(quality.querySelector('option[value="' + mark.quality + '"]').textContent.toLowerCase());
    if (mark.note) parts.push("“" + mark.note + "”");
    if (mark.avoid) parts.push(list.dataset.avoid);
    return parts.join(", ");
  }

  function refreshList() {
    list.textContent = "";
    if (marks.size === 0) {
      const item = document.createElement("li");
      item.textContent = list.dataset.none;
      list.appendChild(item);
      return;
    }
    for (const [code, mark] of marks) {
      const item = document.createElement("li");
      item.textContent = regionOf(code).dataset.label + ": " + describe(mark);
      list.appendChild(item);
    }
  }

  function open(region) {
    if (current) regionOf(current).classList.remove("selected");
    current = region.dataset.region;
    region.classList.add("selected");
    const mark = marks.get(current) || { intensity: 0, quality: "", note: "", avoid: false, reason: "" };
    $("area-name").textContent = region.dataset.label;
    pain.value = mark.intensity;
    painValue.textContent = mark.intensity;
    quality.value = mark.quality;
    note.value = mark.note;
    avoid.checked = mark.avoid;
    reason.value = mark.reason;
    panel.hidden = false;
    pain.focus();
  }

  function store() {
    if (!current) return;
    const mark = { intensity: Number(pain.value), quality: quality.value, note: note.value.trim(),
                   avoid: avoid.checked, reason: reason.value.trim() };
    const hurts = mark.intensity > 0 || mark.quality !== "" || mark.note !== "";
    if (!hurts && !mark.avoid) marks.delete(current);
    else marks.set(current, mark);
    paint(current);
    refreshList();
  }

  function close() {
    if (!current) return;
    const region = regionOf(current);
    region.classList.remove("selected");
    current = null;
    panel.hidden = true;
    region.focus();
  }

  for (const region of form.querySelectorAll(".region")) {
    region.addEventListener("click", () => open(region));
    region.addEventListener("keydown", (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        open(region);
      }
    });
  }
  pain.addEventListener("input", () => { painValue.textContent = pain.value; store(); });
  quality.addEventListener("change", store);
  note.addEventListener("input", store);
  avoid.addEventListener("change", store);
  reason.addEventListener("input", store);
  $("area-done").addEventListener("click", () => { store(); close(); });
  $("area-clear").addEventListener("click", () => {
    if (current) { marks.delete(current); paint(current); refreshList(); }
    close();
  });
  panel.addEventListener("keydown", (event) => {
    if (event.key === "Escape") { store(); close(); }
  });
  refreshList();

  let sending = false;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (sending) return;
    const consent = form.elements["consent"].checked;
    const name = form.elements["consent_name"].value.trim();
    const weeksText = form.elements["pregnancy_weeks"].value.trim();
    const weeks = weeksText === "" ? null : Number(weeksText);
    const weeksOk = weeks === null || (Number.isInteger(weeks) && weeks >= 0 && weeks <= 45);
    showError(form, "consent", !consent);
    showError(form, "consent_name", name === "");
    showError(form, "pregnancy_weeks", !weeksOk);
    if (!weeksOk) { form.elements["pregnancy_weeks"].focus(); return; }
    if (!consent) { form.elements["consent"].focus(); return; }
    if (name === "") { form.elements["consent_name"].focus(); return; }

    const text = (field) => form.elements[field].value.trim() || null;
    const pressure = form.querySelector("input[name=pressure]:checked");
    const body = {
      reason: text("reason"),
      goals: text("goals"),
      pressure: pressure ? pressure.value : null,
      medications: text("medications"),
      allergies: text("allergies"),
      recent_injury: text("recent_injury"),
      pregnancy_weeks: weeks,
      conditions: Array.from(form.querySelectorAll("input[name=conditions]:checked"), (c) => c.value),
      pain_areas: [],
      avoid_areas: [],
      consent: true,
      consent_name: name,
    };
    for (const [code, mark] of marks) {
      if (mark.intensity > 0 || mark.quality || mark.note) {
        body.pain_areas.push({ region: code, intensity: mark.intensity, quality: mark.quality || null,
                               note: mark.note || null });
      }
      if (mark.avoid) body.avoid_areas.push({ region: code, reason: mark.reason || null });
    }
    sending = true;
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    const result = await postJson("/v1/public/intake/" + form.dataset.secret, body).catch(() => ({ status: 0 }));
    sending = false;
    button.disabled = false;
    if (result.status === 201) {
      form.hidden = true;
      $("thanks").hidden = false;
      $("thanks").focus();
    } else {
      const why = $("failed-why");
      why.hidden = !(result.data && result.data.message);
      why.textContent = result.data && result.data.message
        ? result.data.message + (result.data.field ? " (" + result.data.field + ")" : "") : "";
      $("failed").hidden = false;
      $("failed").scrollIntoView({ block: "center" });
    }
  });
}

document.addEventListener("DOMContentLoaded", () => {
  if ($("details")) setUpDetails($("details"));
  if ($("manage")) setUpManage($("manage"));
  if ($("intake")) setUpIntake($("intake"));
});
