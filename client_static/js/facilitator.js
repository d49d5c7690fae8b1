// /facilitator#TOKEN: a tablet at one group's table. The group's point, its live positions,
// and the flip-chart outcome form (reset when the group moves on to its next point).
// Every outcome goes through the tablet's outbox: entered with no link, it is kept (across
// reloads too) and shown as "not yet sent" until the server acknowledges it.

import { byId, fill, h, intents, setText } from "./dom.js";
import { tallyRows } from "./grid.js";
import { outcomeForm } from "./outcome-form.js";
import { keptState, openOutbox } from "./outbox.js";
import { showError, startPage } from "./page.js";
import { queuePanel, refusalText } from "./queue-panel.js";
import { outcomeKey } from "./state.js";
import { choiceLabel, currentPoint, groupName, groupSize, pointById, tally } from "./views.js";
import { strengthLabel } from "./vocabulary.js";

/** @import { State } from "./state.js" */

const ACK_WAIT_MS = 4000; // online, an ack takes well under this; past it the entry just waits its turn
const QUEUED_TEXT = "Not yet sent: kept on this tablet, it goes when the link returns.";
const token = location.hash.slice(1);
let formKey = "";
let membersKey = "";

if (!token) {
  setText(byId("message"), "Open this page with the facilitator link the moderator gave you.");
} else {
  const conn = startPage({
    auth: { token },
    render,
    onError: (detail) => detail.type === "RecordOutcome", // shown in the form
    restore: keptState(token),
  });
  const outbox = openOutbox(token, conn);
  /** Command ids whose result the form is waiting for (it shows a refusal itself). */
  const awaited = new Set();
  /** The latest outcome entry from the form: its status line follows it. */
  let latest = "";
  queuePanel({ card: byId("queue-card"), list: byId("queue"), notices: byId("notices") }, (id) => awaited.has(id));

  /** @param {string} text @param {string} state */
  const formStatus = (text, state) => {
    const status = /** @type {HTMLElement | null} */ (byId("outcome-card").querySelector("[data-testid=save-status]"));
    if (!status) return;
    setText(status, text);
    status.dataset.state = state;
  };

  const { form, load } = outcomeForm({
    name: "fac",
    onSave: async (fields) => {
      const groupId = conn.me?.group_id ?? "";
      const pointId = currentPoint(conn.state, groupId) ?? "";
      const entry = await outbox.add("RecordOutcome", { ...fields, group_id: groupId, point_id: pointId }, outcomeLabel(conn.state, pointId, fields));
      const id = entry.command.command_id;
      latest = id;
      awaited.add(id);
      const ack = await outbox.settled(id, conn.connected ? ACK_WAIT_MS : 0);
      awaited.delete(id);
      if (ack === null) {
        setTimeout(() => latest === id && formStatus(QUEUED_TEXT, "queued")); // after the form's own line
        return { ok: false, code: "queued", message: QUEUED_TEXT, field: null };
      }
      if (!ack.ok) return ack.code === "stale" ? { ...ack, message: "the round had ended.", field: null } : ack;
      await conn.whenApplied(ack.seq);
      return { ok: true, revision: conn.state.outcomes[outcomeKey(groupId, pointId)]?.revision ?? 1 };
    },
  });
  byId("outcome-card").appendChild(form);

  // Entries that waited in the queue: once the last outcome is through, the form shows what the
  // server has (reloaded with it, unless the facilitator has started typing a new one).
  let touched = false;
  form.addEventListener("input", () => (touched = true));
  form.addEventListener("change", () => (touched = true));
  document.addEventListener("roundtable:settled", async (e) => {
    const { entry, ack } = /** @type {CustomEvent} */ (e).detail;
    const c = entry.command;
    if (c.type !== "RecordOutcome" || awaited.has(c.command_id)) return;
    if (!ack.ok) return void (c.command_id === latest && formStatus(refusalText(ack), "error"));
    await conn.whenApplied(ack.seq);
    const more = outbox.entries.some((q) => q.command.type === "RecordOutcome" && q.command.command_id !== c.command_id);
    const point = pointById(conn.state, c.point_id);
    const outcome = conn.state.outcomes[outcomeKey(c.group_id, c.point_id)];
    if (more || !point || !outcome || currentPoint(conn.state, c.group_id) !== c.point_id) return;
    if (!touched) load(point, outcome);
    else if (c.command_id === latest) formStatus(`Saved (revision ${outcome.revision})`, "saved");
  });

  intents(document)("message", async (el) => {
    const field = /** @type {HTMLTextAreaElement} */ (el.querySelector("textarea"));
    const text = field.value.trim();
    if (!text) return;
    await outbox.add("MessageModerator", { text }, `Message: “${clip(text)}”`);
    field.value = "";
    setText(byId("message-status"), conn.connected ? "Sent to the outbox" : "Not yet sent");
  });
  document.addEventListener("roundtable:settled", (e) => {
    const { entry, ack } = /** @type {CustomEvent} */ (e).detail;
    if (entry.command.type === "MessageModerator") setText(byId("message-status"), ack.ok ? "Sent" : refusalText(ack));
  });

  /**
   * @param {State} state
   * @param {import("./connection.js").Me | null} me
   */
  function render(state, me) {
    if (!me) return;
    if (me.role !== "facilitator" || !me.group_id) {
      showError("This link is not a facilitator link.");
      return;
    }
    const group = state.groups[me.group_id];
    setText(byId("group-name"), group ? groupName(group) : "Your group");
    const pointId = currentPoint(state, me.group_id);
    const point = pointById(state, pointId);
    const clock = state.clock;
    setText(byId("round"), clock ? `Round ${clock.number} of ${state.plan.length}` : "");
    byId("paused").hidden = !clock || clock.paused_remaining_ms === null;
    byId("work").hidden = !point;
    setText(byId("message"), message(state, Boolean(point)));
    renderMembers(state, group);
    if (!point || !clock || !group) return;

    const index = state.points.indexOf(point);
    setText(byId("point-label"), `Point ${index + 1} · Paragraph ${point.paragraph}`);
    setText(byId("paragraph"), state.paragraphs[point.paragraph - 1] ?? "");
    setText(byId("question"), point.question);
    fill(byId("tally"), tallyRows(point, tally(state, group.group_id, point.point_id), groupSize(state, group.group_id)));
    const key = `${clock.number}|${point.point_id}`;
    if (key !== formKey) {
      formKey = key; // a new round: a fresh form for the new point
      latest = "";
      load(point, state.outcomes[outcomeKey(group.group_id, point.point_id)]);
      touched = false;
    }
  }

  /**
   * @param {State} state
   * @param {import("./protocol-types.js").Group | undefined} group
   */
  function renderMembers(state, group) {
    const card = byId("members-card");
    card.hidden = !group || state.phase === "rotation";
    const people = group?.members.map((m) => state.participants[m]?.name ?? m) ?? [];
    const hubs = (group?.hubs ?? []).map((id) => state.remote.hubs[id]).filter(Boolean);
    const key = JSON.stringify([people, hubs.map((hub) => [hub.name, hub.head_count])]);
    if (key === membersKey || !group) return;
    membersKey = key;
    fill(
      byId("members"),
      group.members.map((m) => {
        const p = state.participants[m];
        return h("li", {}, p ? `${p.name} · ${p.stakeholder_group}` : m);
      }),
      hubs.map((hub) => h("li", {}, `${hub.name} · remote hub, ${hub.head_count} ${hub.head_count === 1 ? "person" : "people"}`)),
    );
  }
}

/**
 * "Outcome, point 2: A compromise · Majority · “notes”": how the queue names an entry.
 * @param {State} state
 * @param {string} pointId
 * @param {import("./outcome-form.js").OutcomeFields} fields
 */
function outcomeLabel(state, pointId, fields) {
  const point = pointById(state, pointId);
  const number = point ? state.points.indexOf(point) + 1 : "?";
  const strength = strengthLabel(fields.strength);
  const notes = fields.notes ? ` · “${clip(fields.notes)}”` : "";
  const index = point ? point.options.findIndex((o) => o.option_id === fields.choice) : -1;
  const choice = index >= 0 ? `${String.fromCharCode(65 + index)}: ${choiceLabel(point, fields.choice)}` : choiceLabel(point, fields.choice);
  return `Outcome, point ${number}: ${choice} · ${strength}${notes}`;
}

/** @param {string} text */
function clip(text) {
  return text.length > 40 ? `${text.slice(0, 39)}…` : text;
}

/** @param {State} state @param {boolean} working */
function message(state, working) {
  if (state.phase === "finished") return "The rotation is over. Thank you! The moderator can still correct outcomes.";
  if (working) return "";
  if (state.phase === "assigned") return "Groups are assigned. The rotation starts soon.";
  return "Waiting for the moderator to assign groups.";
}
