// /moderator: create a session (with the operator key, from the link the server printed:
// /moderator#operator=KEY), or with the moderator token in the fragment (/moderator#TOKEN)
// run it: set-up, participants, join links, groups, the rotation and its timer, the grid.

import { canAssign } from "./allowed.js";
import { byId, changeTracker, copyText, fill, h, intents, setText } from "./dom.js";
import { mountComposite } from "./composite.js";
import { newCommandId } from "./connection.js";
import { renderGrid } from "./grid.js";
import { mountRemote } from "./moderator-remote.js";
import { outcomeForm } from "./outcome-form.js";
import { clearFieldErrors, showError, showFieldError, startPage } from "./page.js";
import { groupCards, participantRows, replaceKeepingInput } from "./roster.js";
import { setupForm } from "./setup-form.js";
import { outcomeKey } from "./state.js";
import { groupName, pointById } from "./views.js";

/** @import { State } from "./state.js" */
/** @typedef {{ok?: boolean, code?: string, join?: string, hub?: string, screen?: string,
 *   facilitators?: import("./roster.js").FacilitatorLink[]}} Links */

const OPERATOR_KEY_ITEM = "roundtable.operator-key";
const OPERATOR_PREFIX = "operator=";
const fragment = location.hash.slice(1);
if (fragment.startsWith(OPERATOR_PREFIX)) {
  // The link the server printed: /moderator#operator=KEY. Kept for this tab only, and taken
  // out of the address bar so it is not bookmarked or shown on a projector by mistake.
  sessionStorage.setItem(OPERATOR_KEY_ITEM, decodeURIComponent(fragment.slice(OPERATOR_PREFIX.length)));
  history.replaceState(null, "", location.pathname + location.search);
}
const token = fragment.startsWith(OPERATOR_PREFIX) ? "" : fragment;
const bind = intents(document);
const changed = changeTracker();
window.addEventListener("hashchange", () => location.reload());

if (!token) {
  byId("new-session").hidden = false;
  byId("operator-key-box").hidden = Boolean(sessionStorage.getItem(OPERATOR_KEY_ITEM));
  bind("create-session", createSession);
} else {
  runConsole(token);
}

/**
 * POST /api/sessions with the operator key, retried with the same command id, then open the
 * console. The key comes from the link the server printed, or is pasted in the form.
 * @param {HTMLElement} el
 */
async function createSession(el) {
  const form = /** @type {HTMLFormElement} */ (el);
  clearFieldErrors(form);
  const fields = new FormData(form);
  const title = String(fields.get("title") ?? "").trim();
  if (!title) return void showFieldError(form, "title", "Give the session a title.");
  const pasted = String(fields.get("operator_key") ?? "").trim();
  if (pasted) sessionStorage.setItem(OPERATOR_KEY_ITEM, pasted);
  const key = sessionStorage.getItem(OPERATOR_KEY_ITEM);
  if (!key) {
    byId("operator-key-box").hidden = false;
    return void showFieldError(form, "operator_key", "Paste the operator key here.");
  }
  const button = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
  button.disabled = true;
  const body = JSON.stringify({ title, command_id: newCommandId() });
  const headers = { "content-type": "application/json", authorization: `Bearer ${key}` };
  try {
    for (let attempt = 0; attempt < 3; attempt += 1) {
      let response;
      try {
        response = await fetch("/api/sessions", { method: "POST", headers, body });
      } catch {
        await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
        continue; // the network failed: the same command id makes the retry safe
      }
      const data = await response.json().catch(() => ({}));
      if (response.ok && data.moderator_token) {
        location.hash = data.moderator_token;
        return;
      }
      if (response.status === 401) {
        sessionStorage.removeItem(OPERATOR_KEY_ITEM); // a wrong or old key: ask for it again
        byId("operator-key-box").hidden = false;
        return void showFieldError(form, "operator_key", "The server did not accept this key.");
      }
      if (!showFieldError(form, data.field ?? null, data.message ?? "")) {
        showError(data.message ?? `The session could not be created (HTTP ${response.status}).`);
      }
      return;
    }
    showError("The server could not be reached. Check the connection and try again.");
  } finally {
    button.disabled = false;
  }
}

/** @param {string} moderatorToken */
function runConsole(moderatorToken) {
  byId("console").hidden = false;
  const setupEl = /** @type {HTMLFormElement} */ (byId("setup"));
  const setup = setupForm(setupEl, { bind });
  /** @type {Links} */
  let links = {};
  let linksAsked = false;
  /** @type {{groupId: string, pointId: string} | null} */
  let correcting = null;

  const conn = startPage({
    auth: { token: moderatorToken },
    render,
    onError: (detail) => {
      if (detail.type === "ConfigureSession") {
        setText(byId("setup-status"), "Not saved");
        return showFieldError(setupEl, detail.field, detail.message);
      }
      return detail.type === "RecordOutcome"; // shown in the correction form
    },
  });

  const refreshLinks = async () => {
    const ack = await conn.links();
    if (ack && ack.ok) {
      links = ack;
      render(conn.state, conn.me);
    }
  };
  document.addEventListener("roundtable:event", (e) => {
    const { event } = /** @type {CustomEvent} */ (e).detail;
    if (linksAsked && (event.type === "GroupsAssigned" || event.type === "GroupCreated")) void refreshLinks();
  });

  const correction = outcomeForm({
    name: "mod",
    onSave: async (fields) => {
      if (!correcting) return { ok: false, code: "invalid", message: "Pick a cell first.", field: null };
      const { groupId, pointId } = correcting;
      const ack = await conn.send("RecordOutcome", { ...fields, group_id: groupId, point_id: pointId });
      if (!ack.ok) return ack;
      await conn.whenApplied(ack.seq);
      return { ok: true, revision: conn.state.outcomes[outcomeKey(groupId, pointId)]?.revision ?? 1 };
    },
  });
  byId("correction-form").appendChild(correction.form);
  mountComposite(byId("plenary"), conn, { token: moderatorToken }); // after the rotation: composite, review, decision
  mountRemote(conn, byId("remote-panel")); // hubs, who is connected, hands, messages, broadcast

  /** @param {string} groupId @param {string} pointId */
  const pick = (groupId, pointId) => {
    const state = conn.state;
    const point = pointById(state, pointId);
    if (!point) return;
    correcting = { groupId, pointId };
    setText(byId("correction-title"), `${groupName(state.groups[groupId])} · Point ${state.points.indexOf(point) + 1}: ${point.question}`);
    correction.load(point, state.outcomes[outcomeKey(groupId, pointId)]);
    byId("correction").hidden = false;
    byId("correction").scrollIntoView({ block: "nearest" });
  };

  bind("save-setup", async () => {
    clearFieldErrors(setupEl);
    const read = setup.read();
    if ("field" in read) {
      showFieldError(setupEl, read.field, read.message);
      return;
    }
    setText(byId("setup-status"), "Saving…");
    const ack = await conn.send("ConfigureSession", read.fields);
    if (!ack.ok) return;
    await conn.whenApplied(ack.seq);
    setup.markSaved();
    setup.fillFrom(conn.state);
    setText(byId("setup-status"), "Saved");
  });
  bind("assign", () => {
    const seed = parseInt(/** @type {HTMLInputElement} */ (byId("seed")).value, 10);
    void conn.send("AssignGroups", Number.isFinite(seed) ? { seed } : {});
  });
  bind("label-group", (el) => {
    const input = /** @type {HTMLInputElement} */ (el.querySelector("input[name=label]"));
    void conn.send("LabelGroup", { group_id: el.dataset.group ?? "", label: input.value.trim() }).then((ack) => {
      if (ack.ok) input.defaultValue = input.value;
    });
  });
  bind("move", (el) => {
    const select = /** @type {HTMLSelectElement} */ (el);
    if (select.value) void conn.send("MoveParticipant", { participant_id: select.dataset.participant ?? "", group_id: select.value });
  });
  bind("start-rotation", () => void conn.send("StartRotation", {}));
  bind("pause", () => void conn.send("PauseRound", {}));
  bind("resume", () => void conn.send("ResumeRound", {}));
  bind("extend", () => {
    const minutes = parseInt(/** @type {HTMLInputElement} */ (byId("extend-minutes")).value, 10);
    void conn.send("ExtendRound", { minutes: Number.isFinite(minutes) ? minutes : 5 });
  });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let disarm;
  bind("end-round", (el) => {
    const clock = conn.state.clock;
    if (!clock) return;
    if (el.dataset.armed !== String(clock.number)) {
      // Ending a round cuts every group short: ask for a second tap, for this round only.
      el.dataset.armed = String(clock.number);
      setText(el, `Tap again to end round ${clock.number}`);
      clearTimeout(disarm);
      disarm = setTimeout(() => {
        delete el.dataset.armed;
        setText(el, "End round now");
      }, 5000);
      return;
    }
    clearTimeout(disarm);
    delete el.dataset.armed;
    setText(el, "End round now");
    void conn.send("EndRound", { round: clock.number });
  });
  setupEl.addEventListener("input", () => setText(byId("setup-status"), "Unsaved changes"));
  bind("copy", (el) => copyFrom(el, byId(el.dataset.copy ?? "").getAttribute("href") ?? ""));
  bind("copy-text", (el) => copyFrom(el, el.dataset.text ?? ""));
  bind("close-correction", () => {
    correcting = null;
    byId("correction").hidden = true;
  });

  /**
   * @param {State} state
   * @param {import("./connection.js").Me | null} me
   */
  function render(state, me) {
    if (!me) return;
    if (me.role !== "moderator") {
      showError("This link is not a moderator link.");
      return;
    }
    if (!linksAsked) {
      linksAsked = true;
      void refreshLinks();
    }
    document.body.dataset.phase = state.phase;
    setText(byId("session-title"), state.title);
    renderLinks(state);
    renderRotation(state);
    if (changed("grid", [state.groups, state.points, state.positions, state.outcomes, state.plan, state.clock?.number, state.phase])) {
      fill(byId("grid"), renderGrid(state, { onPick: pick }));
    }
    const assign = /** @type {HTMLButtonElement} */ (byId("assign"));
    byId("assign-row").hidden = state.phase === "rotation" || state.phase === "finished";
    assign.disabled = !canAssign(state, me.role);
    setText(assign, state.phase === "assigned" ? "Draw groups again" : "Assign groups");
    const people = Object.keys(state.participants).length;
    const hubs = Object.keys(state.remote.hubs).length;
    setText(
      byId("seed-line"),
      state.seed !== null
        ? `Drawn with seed ${state.seed}: the same seed gives the same groups.`
        : !state.configured
          ? "Save the set-up first; then groups can be drawn from the people who joined."
          : people === 0 && hubs === 0
            ? "Nobody has joined yet: share the join code, or register a hub."
            : `${people} ${people === 1 ? "person has" : "people have"} joined${hubs ? `, ${hubs} ${hubs === 1 ? "hub is" : "hubs are"} registered` : ""}. Latecomers are placed in a group as they join.`,
    );
    if (changed("groups", [state.groups, state.participants, links])) {
      replaceKeepingInput(byId("groups"), groupCards(state, links.facilitators ?? []));
    }
    if (changed("people", [state.participants, state.groups])) {
      setText(byId("participant-count"), `Participants (${Object.keys(state.participants).length})`);
      const rows = participantRows(state);
      fill(
        byId("participants"),
        rows.length > 0 ? rows : h("tr", {}, h("td", { colspan: 6, class: "muted" }, "People appear here as they join with the code.")),
      );
    }
    const locked = state.phase !== "setup";
    /** @type {HTMLFieldSetElement} */ (byId("setup-fields")).disabled = locked;
    byId("setup-locked").hidden = !locked;
    byId("save-setup").hidden = locked;
    if (changed("setup", [state.session_id, state.title, state.paragraphs, state.points, state.settings, state.stakeholder_groups, state.phase])) {
      setup.fillFrom(state);
    }
  }

  /** @param {State} state */
  function renderLinks(state) {
    setText(byId("join-code"), links.code ?? state.code);
    for (const [id, link] of /** @type {const} */ ([["join-link", links.join], ["hub-link", links.hub], ["screen-link", links.screen]])) {
      const a = byId(id);
      const href = link ? new URL(link, location.origin).href : "";
      if (a.getAttribute("href") !== href) a.setAttribute("href", href);
      setText(a, href);
    }
  }

  /** @param {State} state */
  function renderRotation(state) {
    const clock = state.clock;
    const running = state.phase === "rotation" && clock !== null;
    const paused = running && clock?.paused_remaining_ms !== null;
    setText(byId("round"), clock ? `Round ${clock.number} of ${state.plan.length}` : "");
    byId("paused").hidden = !paused;
    byId("start-rotation").hidden = state.phase !== "assigned";
    byId("pause").hidden = !running || paused;
    byId("resume").hidden = !paused;
    byId("extend-box").hidden = !running;
    byId("end-round").hidden = !running;
    setText(
      byId("rotation-message"),
      {
        setup: "Save the set-up, share the join code, then assign groups.",
        assigned: "Groups are assigned. Start the rotation when the room is ready.",
        rotation: "Each group discusses one point per round; rounds end by themselves.",
        finished: "The rotation is over. You can still correct outcomes in the grid.",
      }[state.phase],
    );
  }
}

/** @param {HTMLElement} button @param {string} text */
async function copyFrom(button, text) {
  if (!text) return;
  const done = await copyText(text);
  const label = button.textContent ?? "";
  setText(button, done ? "Copied" : "Copy failed");
  setTimeout(() => setText(button, label), 1500);
}
