// What the groups reached on one point of disagreement, for the moderator after the rotation:
// every group's outcome and live tally side by side, then the ranking of the options and of
// each group's compromise that the server's `review` computed, with who backs each.

import { h } from "./dom.js";
import { letter, outcomeText, stackedBar } from "./grid.js";
import { outcomeKey } from "./state.js";
import { groupName, tally } from "./views.js";
import { strengthLabel } from "./vocabulary.js";

/** @import { State } from "./state.js" */
/** @import { Point } from "./protocol-types.js" */
/**
 * @typedef {import("./protocol-types.js").RankedCandidate} Candidate
 * @typedef {import("./protocol-types.js").RankedBacking} Backing
 * @typedef {import("./protocol-types.js").ReviewAck} Review
 */

const NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"];

/** @param {number} n */
const word = (n) => NUMBER_WORDS[n] ?? String(n);
/** @param {number} share */
const percent = (share) => `${Math.round(share * 100)} %`;
/** @param {State} state @param {string | null | undefined} id */
export const groupLabel = (state, id) => (id && state.groups[id] ? groupName(state.groups[id]) : "a group");
/** @param {State} state @param {string | null | undefined} pointId */
export const pointNumber = (state, pointId) => state.points.findIndex((p) => p.point_id === pointId) + 1;

/** "backed in 2 of 3 groups, by all five stakeholder groups". @param {State} state @param {Candidate} c */
function backedIn(state, c) {
  const total = state.stakeholder_groups.length;
  const n = c.stakeholder_groups.length;
  const groups = c.groups.length === 0 ? "not backed by any group" : `backed in ${c.groups.length} of ${c.of_groups} groups`;
  if (n === 0) return groups;
  const by = n === total ? `by all ${word(total)} stakeholder groups` : `by ${word(n)} of ${word(total)} stakeholder groups (${c.stakeholder_groups.join(", ")})`;
  return `${groups}, ${by}`;
}

/** @param {State} state @param {Backing[]} backings */
export const backingLine = (state, backings) =>
  backings.map((b) => `${groupLabel(state, b.group_id)}: round ${b.round}, ${strengthLabel(b.strength)}, ${percent(b.share)} of the group`).join(" · ");

/**
 * A point of disagreement: every group's outcome and live tally side by side, then the ranking.
 * @param {State} state
 * @param {Point} point
 * @param {Candidate[] | null} ranking
 * @param {boolean} decided
 * @param {(c: Candidate) => void} take
 */
export function pointBlock(state, point, ranking, decided, take) {
  const n = pointNumber(state, point.point_id);
  const top = ranking?.[0]?.score || 1;
  return h(
    "section",
    { class: "pl-point", "data-testid": `point-${point.point_id}` },
    h("h4", {}, `Point ${n}: ${point.question}`),
    h(
      "table",
      { class: "pl-table pl-outcomes", "data-testid": `outcomes-${point.point_id}` },
      h("thead", {}, h("tr", {}, h("th", {}, "Group"), h("th", {}, "Outcome recorded"), h("th", {}, "Positions"))),
      h(
        "tbody",
        {},
        state.group_order.map((g) => {
          const outcome = state.outcomes[outcomeKey(g, point.point_id)];
          return h(
            "tr",
            {},
            h("th", { scope: "row" }, groupLabel(state, g)),
            h("td", { "data-testid": `pl-outcome-${g}-${point.point_id}` }, outcome ? outcomeText(point, outcome) : h("span", { class: "muted" }, "No outcome recorded")),
            h("td", { class: "pl-tally" }, stackedBar(point, tally(state, g, point.point_id), `pl-tally-${g}-${point.point_id}`)),
          );
        }),
      ),
    ),
    ranking === null
      ? h("p", { class: "muted" }, "Ranking the options…")
      : h(
          "ol",
          { class: "pl-ranking", "data-testid": `ranking-${point.point_id}` },
          ranking.map((c, i) => {
            const option = point.options.findIndex((o) => o.option_id === c.option_id);
            return h(
              "li",
              { class: `pl-cand${c.near_tie ? " near-tie" : ""}${i === 0 && c.score > 0 ? " top" : ""}`, "data-testid": `candidate-${point.point_id}-${c.key}`, "data-key": c.key },
              h("div", { class: "pl-cand-line" },
                h("span", { class: "pl-cand-tag" }, c.option_id ? letter(option) : "≈"),
                h("span", { class: "pl-cand-label" }, c.option_id ? c.label : [h("em", {}, `${groupLabel(state, c.group_id)}'s compromise: `), c.label]),
                c.near_tie ? h("span", { class: "pl-tie", "data-testid": "near-tie" }, "Near-tie") : null,
                i === 0 && c.score > 0 ? h("span", { class: "pl-top" }, "Top-ranked") : null,
                decided ? null : h("button", { type: "button", class: "small-button", "data-testid": `take-${point.point_id}-${c.key}`, onclick: () => take(c) }, "Take this")),
              h("div", { class: "pl-score" },
                h("span", { class: "pl-score-bar" }, h("span", { style: `width:${Math.max(0, (c.score / top) * 100)}%` })),
                h("span", { class: "pl-score-n" }, `score ${c.score.toFixed(2)}`)),
              h("p", { class: "pl-backed", "data-testid": `backed-${point.point_id}-${c.key}` }, backedIn(state, c)),
              c.backings.length ? h("p", { class: "muted small" }, backingLine(state, c.backings)) : null,
            );
          }),
        ),
  );
}
