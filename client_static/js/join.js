// /join and /hub: a phone, one thumb. Code -> check-in form -> my group, my point, my position;
// after the rotation, the composite text to react to, the decision, the endorsement form.
// /hub without a hub link comes here as /join?code=…&as=hub, with the mode preset to "hub".

import { byId, fill, h, intents, setText } from "./dom.js";
import { clearFieldErrors, showError, showFieldError, startPage } from "./page.js";
import { COMPROMISE, MODES, REGIONS, UNDECIDED } from "./protocol.js";
import { choiceLabel, currentPoint, groupName, pointById } from "./views.js";

/** @import { State } from "./state.js" */
/** @import { Me } from "./connection.js" */

const PRESET_MODE = new URLSearchParams(location.search).get("as") === "hub" ? "hub" : "room";
const code = normaliseCode(new URLSearchParams(location.search).get("code") ?? "");
const storageKey = `roundtable:participant:${code}`;
const bind = intents(document);

/** What a person types may have lower case, spaces or dashes (facilitation/draft.py). @param {string} typed */
function normaliseCode(typed) {
  return typed.replace(/[\s-]/g, "").toUpperCase();
}

/** @returns {string | null} */
function storedToken() {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? "null");
    return saved && typeof saved.token === "string" ? saved.token : null;
  } catch {
    return null;
  }
}

const codeStep = byId("code-step");
const joinStep = /** @type {HTMLFormElement} */ (byId("join-step"));
const joined = byId("joined");
const again = byId("again");
/** @type {{pointId: string, choice: string, before: string | null} | null} */
let pending = null;
/** @type {Record<string, {choice: string, seq: number}>} */
const acked = {};
let lastView = "";
let lastGroups = "";

fill(byId("regions"), REGIONS.map((r) => h("option", { value: r })));
if (PRESET_MODE === "hub") {
  setText(byId("heading"), "Roundtable · Remote hub");
  setText(byId("join-title"), "Remote hub");
  const hub = /** @type {HTMLInputElement} */ (joinStep.querySelector("input[name=mode][value=hub]"));
  hub.checked = true;
}
showHubName();

bind("enter-code", () => {
  const typed = normaliseCode(/** @type {HTMLInputElement} */ (byId("code")).value);
  if (!typed) return;
  const url = new URL(location.href);
  url.searchParams.set("code", typed);
  location.assign(url.href);
});
bind("join-again", () => {
  localStorage.removeItem(storageKey);
  location.reload();
});

if (!code) {
  codeStep.hidden = false;
} else {
  /** @type {HTMLInputElement} */ (byId("code")).value = code;
  const token = storedToken();
  const conn = startPage({
    auth: token ? { token } : { code },
    render,
    onError: (detail) => {
      if (detail.type === "connect") return refused(Boolean(token), detail.message);
      if (detail.type === "Join") {
        clearFieldErrors(joinStep);
        return showFieldError(joinStep, detail.field, detail.message);
      }
      return ["React", "Endorse", "WithdrawEndorsement"].includes(detail.type); // shown in place
    },
  });
  /** After the rotation: phone-plenary.js's part, loaded only then ("loading" meanwhile). */
  /** @type {ReturnType<typeof import("./phone-plenary.js").phonePlenary> | "loading" | null} */
  let plenary = null;

  joinStep.addEventListener("change", showHubName);

  bind("join", async () => {
    clearFieldErrors(joinStep);
    const data = new FormData(joinStep);
    const mode = MODES.find((m) => m === data.get("mode")) ?? "room";
    const submit = /** @type {HTMLButtonElement} */ (joinStep.querySelector("button[type=submit]"));
    submit.disabled = true;
    setText(submit, "Joining…");
    const ack = await conn.send("Join", {
      name: String(data.get("name") ?? "").trim(),
      organisation: String(data.get("organisation") ?? "").trim(),
      stakeholder_group: String(data.get("stakeholder_group") ?? ""),
      region: String(data.get("region") ?? "").trim(),
      country: String(data.get("country") ?? "").trim(),
      mode,
      hub_name: mode === "hub" ? String(data.get("hub_name") ?? "").trim() : "",
    });
    if (!ack.ok) {
      submit.disabled = false;
      setText(submit, "Join");
      return;
    }
    const token = String(ack.result.token); // Join's result: {participant_id, token}
    localStorage.setItem(storageKey, JSON.stringify({ token }));
    conn.setAuth({ token });
    await conn.reload(); // the same socket is now this participant: fetch what it may now see
  });

  bind("choose", async (el) => {
    const pointId = el.dataset.point ?? "";
    const choice = el.dataset.choice ?? "";
    const before = document.querySelector("[data-intent=choose][aria-pressed=true]");
    pending = { pointId, choice, before: /** @type {HTMLElement | null} */ (before)?.dataset.choice ?? null };
    render(conn.state, conn.me);
    const ack = await conn.send("TakePosition", { point_id: pointId, choice });
    pending = null;
    if (ack.ok) acked[pointId] = { choice, seq: ack.seq };
    render(conn.state, conn.me);
  });

  /**
   * @param {State} state
   * @param {Me | null} me
   */
  function render(state, me) {
    if (!me) return;
    const participantId = me.role === "participant" ? me.participant_id : null;
    const reader = participantId === null && state.plenary.decision !== null; // may endorse
    codeStep.hidden = true;
    joinStep.hidden = participantId !== null || reader;
    joined.hidden = participantId === null && !reader;
    again.hidden = participantId === null;
    if (participantId === null && !reader) {
      renderForm(state);
      return;
    }
    if (state.phase === "finished" && plenary === null) {
      plenary = "loading";
      import("./phone-plenary.js")
        .then((m) => ((plenary = m.phonePlenary(conn, code)), render(conn.state, conn.me)))
        .catch(() => (plenary = null));
    }
    const part = typeof plenary === "object" ? plenary : null;
    const view = part ? { key: ["plenary"], nodes: [part.root] } : participantView(state, participantId ?? "", conn.last);
    const key = JSON.stringify(view.key);
    if (key !== lastView) {
      lastView = key;
      fill(byId("joined-body"), view.nodes);
    }
    part?.render(state, me);
  }
}

/** @param {boolean} hadToken @param {string} message */
function refused(hadToken, message) {
  if (hadToken) {
    // The stored sign-in is no longer valid: join again with the code.
    localStorage.removeItem(storageKey);
    location.reload();
    return true;
  }
  codeStep.hidden = false;
  joinStep.hidden = true;
  showError(message);
  return true;
}

function showHubName() {
  const mode = /** @type {HTMLInputElement | null} */ (joinStep.querySelector("input[name=mode]:checked"));
  byId("hub-name-field").hidden = mode?.value !== "hub";
}

/** @param {State} state */
function renderForm(state) {
  setText(byId("session-line"), state.title ? `${state.title} · code ${state.code}` : `Code ${code}`);
  const groupsKey = state.stakeholder_groups.join("\n");
  if (groupsKey === lastGroups) return;
  lastGroups = groupsKey;
  const select = /** @type {HTMLSelectElement} */ (byId("stakeholder-group"));
  const chosen = select.value;
  fill(
    select,
    h("option", { value: "", disabled: true, selected: !chosen }, "Choose…"),
    state.stakeholder_groups.map((g) => h("option", { value: g, selected: g === chosen }, g)),
  );
}

/**
 * What a participant sees, and a key that changes exactly when it should be redrawn.
 * @param {State} state
 * @param {string} participantId
 * @param {number} last
 */
function participantView(state, participantId, last) {
  const person = state.participants[participantId];
  const groupId = state.group_of[participantId];
  const group = groupId ? state.groups[groupId] : undefined;
  const hello = person ? `You're in, ${person.name}.` : "You're in.";
  if (state.phase === "finished") {
    return { key: ["finished"], nodes: [h("h1", { "data-testid": "status" }, "The rotation is over."), h("p", {}, "Thank you for taking part.")] };
  }
  const session = h("p", { class: "muted" }, `${state.title}. Keep this page open: your group and your point will show here.`);
  if (!group) {
    return {
      key: ["waiting", hello, state.title],
      nodes: [h("h1", { "data-testid": "status" }, hello), h("p", { class: "lead" }, "Groups will be assigned soon."), session],
    };
  }
  const heading = h("h1", { class: "group-name", "data-testid": "group-name" }, groupName(group));
  const pointId = currentPoint(state, groupId);
  const point = pointById(state, pointId);
  if (state.phase !== "rotation" || !state.clock || !point) {
    const waiting =
      state.phase === "rotation"
        ? "Your group has no point in this rotation yet: please tell the moderator."
        : "The first round starts soon.";
    return {
      key: ["group", groupName(group), waiting, state.title],
      nodes: [heading, h("p", { class: "lead", "data-testid": "status" }, waiting), session],
    };
  }
  const mine = state.positions[point.point_id]?.[participantId]?.choice ?? null;
  const ack = acked[point.point_id];
  const saving = pending && pending.pointId === point.point_id ? pending : null;
  const waiting = saving ? saving.choice : null;
  // Marked as chosen only once the server has acknowledged it: until then, the previous choice.
  const chosen = saving ? saving.before : ack && ack.seq > last ? ack.choice : mine;
  const paused = state.clock.paused_remaining_ms !== null;
  const choices = [
    ...point.options.map((o, i) => ({ id: o.option_id, label: o.label, tag: String.fromCharCode(65 + i) })),
    { id: COMPROMISE, label: "A compromise", tag: "≈" },
    { id: UNDECIDED, label: "Undecided", tag: "?" },
  ];
  const paragraph = state.paragraphs[point.paragraph - 1] ?? "";
  const nodes = [
    heading,
    h(
      "div",
      { class: "round-line" },
      h("span", { "data-testid": "round" }, `Round ${state.clock.number} of ${state.plan.length}`),
      h("span", { class: "countdown", "data-countdown": true, "data-testid": "countdown" }, "--:--"),
      paused ? h("span", { class: "badge" }, "Paused") : null,
    ),
    h("p", { class: "paragraph-label" }, `Paragraph ${point.paragraph}`),
    h("blockquote", { class: "paragraph", "data-testid": "paragraph" }, paragraph),
    h("h2", { class: "question", "data-testid": "question" }, point.question),
    h(
      "div",
      { class: "choices", role: "group", "aria-label": "Your position" },
      choices.map((c) =>
        h(
          "button",
          {
            type: "button",
            class: `choice${c.id === chosen ? " chosen" : ""}${c.id === waiting ? " saving" : ""}`,
            "data-intent": "choose",
            "data-point": point.point_id,
            "data-choice": c.id,
            "data-testid": `choice-${c.id}`,
            "aria-pressed": String(c.id === chosen),
            disabled: waiting !== null,
          },
          h("span", { class: "tag" }, c.tag),
          c.label,
        ),
      ),
    ),
    h(
      "p",
      { class: "saved-line", "data-testid": "position-status", "aria-live": "polite" },
      waiting ? "Saving…" : chosen ? `Saved: ${choiceLabel(point, chosen)}. You can change it during the round.` : "Tap your position.",
    ),
  ];
  return { key: ["round", groupName(group), state.clock.number, point.point_id, paused, chosen, waiting, paragraph], nodes };
}
