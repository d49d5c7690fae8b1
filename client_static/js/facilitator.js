// /facilitator#TOKEN: a tablet at one group's table. The group's point, its live positions,
// and the flip-chart outcome form (reset when the group moves on to its next point).

import { byId, fill, h, setText } from "./dom.js";
import { tallyRows } from "./grid.js";
import { outcomeForm } from "./outcome-form.js";
import { showError, startPage } from "./page.js";
import { currentPoint, groupName, outcomeKey, pointById, tally } from "./state.js";

/** @typedef {import("./state.js").State} State */

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
  });

  const { form, load } = outcomeForm({
    name: "fac",
    onSave: async (fields) => {
      const groupId = conn.me?.group_id ?? "";
      const pointId = currentPoint(conn.state, groupId) ?? "";
      const ack = await conn.send("RecordOutcome", { ...fields, group_id: groupId, point_id: pointId });
      if (!ack.ok) return ack;
      await conn.whenApplied(ack.seq);
      return { ok: true, revision: conn.state.outcomes[outcomeKey(groupId, pointId)]?.revision ?? 1 };
    },
  });
  byId("outcome-card").appendChild(form);

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
    fill(byId("tally"), tallyRows(point, tally(state, group.group_id, point.point_id), group.members.length));
    const key = `${clock.number}|${point.point_id}`;
    if (key !== formKey) {
      formKey = key; // a new round: a fresh form for the new point
      load(point, state.outcomes[outcomeKey(group.group_id, point.point_id)]);
    }
  }

  /**
   * @param {State} state
   * @param {import("./state.js").Group | undefined} group
   */
  function renderMembers(state, group) {
    const card = byId("members-card");
    card.hidden = !group || state.phase === "rotation";
    const key = JSON.stringify(group?.members.map((m) => state.participants[m]?.name ?? m) ?? []);
    if (key === membersKey || !group) return;
    membersKey = key;
    fill(
      byId("members"),
      group.members.map((m) => {
        const p = state.participants[m];
        return h("li", {}, p ? `${p.name} · ${p.stakeholder_group}` : m);
      }),
    );
  }
}

/** @param {State} state @param {boolean} working */
function message(state, working) {
  if (state.phase === "finished") return "The rotation is over. Thank you! The moderator can still correct outcomes.";
  if (working) return "";
  if (state.phase === "assigned") return "Groups are assigned. The rotation starts soon.";
  return "Waiting for the moderator to assign groups.";
}
