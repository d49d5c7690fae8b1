// The groups × points grid, shared by the screen and the moderator: each cell shows the group's
// live positions on the point as a stacked bar with counts, and the recorded outcome.

import { h } from "./dom.js";
import { COMPROMISE, UNDECIDED } from "./protocol.js";
import { outcomeKey } from "./state.js";
import { consideredPoints, currentPoint, groupName, tally } from "./views.js";
import { STRENGTH_LABELS } from "./vocabulary.js";

/** @import { State } from "./state.js" */
/** @import { Point } from "./protocol-types.js" */

/** Letters people read on the screen and on their phones: A, B, C... @param {number} i */
export const letter = (i) => String.fromCharCode(65 + i);

/**
 * The choices of a point in display order: its options, the compromise, undecided.
 * @param {Point} point
 * @returns {{id: string, tag: string, label: string, colour: string}[]}
 */
export function choicesOf(point) {
  return [
    ...point.options.map((o, i) => ({ id: o.option_id, tag: letter(i), label: o.label, colour: `c-${i % 8}` })),
    { id: COMPROMISE, tag: "≈", label: "Compromise", colour: "c-compromise" },
    { id: UNDECIDED, tag: "?", label: "Undecided", colour: "c-undecided" },
  ];
}

/**
 * A horizontal stacked bar of counts, with the numbers as text beside it.
 * @param {Point} point
 * @param {Record<string, number>} counts
 * @param {string} testid
 */
export function stackedBar(point, counts, testid) {
  const choices = choicesOf(point);
  const total = choices.reduce((sum, c) => sum + (counts[c.id] ?? 0), 0);
  return h(
    "div",
    { class: "tally", "data-testid": testid, "data-total": total },
    h(
      "div",
      { class: "bar", role: "img", "aria-label": choices.map((c) => `${c.label}: ${counts[c.id] ?? 0}`).join(", ") },
      total === 0
        ? h("span", { class: "bar-empty" })
        : choices
            .filter((c) => (counts[c.id] ?? 0) > 0)
            .map((c) => h("span", { class: `seg ${c.colour}`, style: `flex-grow:${counts[c.id]}` })),
    ),
    h(
      "div",
      { class: "counts" },
      choices.map((c) =>
        h(
          "span",
          { class: `count${(counts[c.id] ?? 0) === 0 ? " zero" : ""}`, "data-choice": c.id, title: c.label },
          h("i", { class: `swatch ${c.colour}` }),
          `${c.tag} ${counts[c.id] ?? 0}`,
        ),
      ),
    ),
  );
}

/**
 * The outcome as one line: "A: label · Consensus" or "Compromise: text · Majority".
 * @param {Point} point
 * @param {import("./protocol-types.js").Outcome} outcome
 */
export function outcomeText(point, outcome) {
  const strength = STRENGTH_LABELS[outcome.strength] ?? outcome.strength;
  if (outcome.choice === COMPROMISE) return `Compromise: ${outcome.compromise_text} · ${strength}`;
  const index = point.options.findIndex((o) => o.option_id === outcome.choice);
  const label = index >= 0 ? `${letter(index)}: ${point.options[index].label}` : outcome.choice;
  return `${label} · ${strength}`;
}

/**
 * The groups that have rows: the rotation's order once it started, else every group.
 * @param {State} state
 */
function rowGroups(state) {
  const ids = state.group_order.length > 0 ? state.group_order : Object.keys(state.groups);
  return ids.map((id) => state.groups[id]).filter(Boolean);
}

/**
 * @param {State} state
 * @param {{onPick?: (groupId: string, pointId: string) => void, detail?: boolean}} [options]
 *   onPick: makes reached cells clickable (the moderator's corrections);
 *   detail: row heads also show the group's current question and its members (the screen)
 * @returns {HTMLElement}
 */
export function renderGrid(state, { onPick, detail = false } = {}) {
  const groups = rowGroups(state);
  if (state.points.length === 0) return h("p", { class: "muted" }, "No points of disagreement yet.");
  if (groups.length === 0) return h("p", { class: "muted" }, "The grid fills in once groups are assigned.");
  const head = h(
    "tr",
    {},
    h("th", { class: "corner" }, "Group"),
    state.points.map((p, i) =>
      h(
        "th",
        { scope: "col", "data-testid": `point-head-${p.point_id}` },
        h("span", { class: "point-no" }, `Point ${i + 1} · ¶${p.paragraph}`),
        h("span", { class: "point-q" }, p.question),
        h(
          "span",
          { class: "legend" },
          p.options.map((o, k) => h("span", {}, h("i", { class: `swatch c-${k % 8}` }), `${letter(k)} ${o.label}`)),
        ),
      ),
    ),
  );
  const rows = groups.map((g) => {
    const now = currentPoint(state, g.group_id);
    const reached = new Set(consideredPoints(state, g.group_id));
    return h(
      "tr",
      {},
      h(
        "th",
        { scope: "row", class: "group-head", "data-testid": `group-head-${g.group_id}` },
        h("span", { class: "group-title" }, groupName(g)),
        h("span", { class: "muted small member-count" }, `${detail ? " · " : ""}${g.members.length} ${g.members.length === 1 ? "person" : "people"}`),
        detail ? rowDetail(state, g, now) : null,
      ),
      state.points.map((p) => {
        const outcome = state.outcomes[outcomeKey(g.group_id, p.point_id)];
        const status = p.point_id === now ? "now" : reached.has(p.point_id) ? "done" : "later";
        const pickable = onPick && (reached.has(p.point_id) || outcome);
        return h(
          "td",
          { class: `cell ${status}`, "data-testid": `cell-${g.group_id}-${p.point_id}`, "data-status": status },
          status === "now" ? h("span", { class: "now-badge" }, "Now") : null,
          stackedBar(p, tally(state, g.group_id, p.point_id), `tally-${g.group_id}-${p.point_id}`),
          outcome
            ? h(
                "p",
                { class: "outcome", "data-testid": `outcome-${g.group_id}-${p.point_id}` },
                h("span", { class: "check", "aria-hidden": "true" }, "✓ "),
                outcomeText(p, outcome),
              )
            : null,
          pickable
            ? h(
                "button",
                {
                  type: "button",
                  class: "small-button",
                  "data-testid": `correct-${g.group_id}-${p.point_id}`,
                  onclick: () => onPick(g.group_id, p.point_id),
                },
                outcome ? "Correct outcome" : "Record outcome",
              )
            : null,
        );
      }),
    );
  });
  return h(
    "div",
    { class: "grid-wrap" },
    h("table", { class: "grid", "data-testid": "grid" }, h("thead", {}, head), h("tbody", {}, rows)),
    h(
      "p",
      { class: "legend global" },
      h("span", {}, h("i", { class: "swatch c-compromise" }), "≈ Compromise"),
      h("span", {}, h("i", { class: "swatch c-undecided" }), "? Undecided"),
      state.phase === "rotation" ? h("span", {}, h("span", { class: "now-badge" }, "Now"), " point under discussion") : null,
    ),
  );
}

/**
 * The screen's row head: what the group discusses now, and who is in it.
 * @param {State} state
 * @param {import("./protocol-types.js").Group} group
 * @param {string | null} now
 */
function rowDetail(state, group, now) {
  const point = now ? state.points.find((p) => p.point_id === now) : undefined;
  return [
    point
      ? h("span", { class: "row-now", "data-testid": `group-point-${group.group_id}` }, `Now: ${point.question}`)
      : null,
    h(
      "span",
      { class: "row-members", "data-testid": `members-${group.group_id}` },
      group.members.map((m) => state.participants[m]?.name ?? "…").join(", "),
    ),
  ];
}

/**
 * One row per choice: label, a bar as long as its share, the number. For the facilitator.
 * @param {Point} point
 * @param {Record<string, number>} counts
 * @param {number} members how many people are in the group
 */
export function tallyRows(point, counts, members) {
  const choices = choicesOf(point);
  const total = choices.reduce((sum, c) => sum + (counts[c.id] ?? 0), 0);
  const most = Math.max(1, ...choices.map((c) => counts[c.id] ?? 0));
  return h(
    "div",
    { class: "tally-rows", "data-testid": "group-tally" },
    choices.map((c) =>
      h(
        "div",
        { class: "tally-row", "data-choice": c.id },
        h("span", { class: "tally-label" }, `${c.tag} ${c.label}`),
        h("span", { class: "tally-track" }, h("span", { class: `tally-fill ${c.colour}`, style: `width:${((counts[c.id] ?? 0) / most) * 100}%` })),
        h("span", { class: "tally-n", "data-testid": `group-tally-${c.id}` }, String(counts[c.id] ?? 0)),
      ),
    ),
    h("p", { class: "muted" }, `${total} of ${members} ${members === 1 ? "member has" : "members have"} given a position.`),
  );
}
