// The chair's view of one paragraph of the composite (from the server's `review`): reactions
// overall and by stakeholder group, the objections with their "addressed" marks, who has not
// reacted, and reactions to earlier wordings. The app lays this out; the chair judges.

import { h, setText } from "./dom.js";
import { REACTIONS } from "./protocol.js";
import { REACTION_LABELS } from "./vocabulary.js";

/** @import { Connection } from "./connection.js" */
/** @typedef {import("./protocol-types.js").ParagraphReviewView} ParagraphReview */
/** @typedef {import("./protocol-types.js").ObjectionView} Objection */

/**
 * The chair's view of one paragraph: reactions overall and by stakeholder group, the objections
 * (each can be marked addressed until the decision), who has not reacted, and reactions to
 * earlier wordings.
 * @param {Connection} conn
 * @param {number} number
 * @param {ParagraphReview | null} r
 * @param {boolean} decided
 */
export function chairView(conn, number, r, decided) {
  const title = h("h4", {}, "Chair's view");
  if (!r) return [title, h("p", { class: "muted" }, "Loading…")];
  if (r.revision === 0) return [title, h("p", { class: "muted" }, "Still the draft: people react once the paragraph is in the composite.")];
  const total = REACTIONS.reduce((sum, k) => sum + (r.totals[k] ?? 0), 0);
  const groups = Object.entries(r.by_stakeholder_group);
  return [
    title,
    h("p", { class: "muted small" }, `Reactions to revision ${r.revision} (people; a hub counts its head count)`),
    h("div", { class: "pl-bar", role: "img", "aria-label": REACTIONS.map((k) => `${REACTION_LABELS[k]}: ${r.totals[k] ?? 0}`).join(", ") },
      total === 0 ? h("span", { class: "bar-empty" }) : REACTIONS.filter((k) => r.totals[k] > 0).map((k) => h("span", { class: `r-${k}`, style: `flex-grow:${r.totals[k]}` }))),
    h("p", { class: "pl-totals", "data-testid": `totals-${number}` },
      REACTIONS.map((k) => h("span", { class: `pl-total r-${k}`, "data-reaction": k }, h("i", { class: "swatch" }), `${REACTION_LABELS[k]} ${r.totals[k] ?? 0}`))),
    groups.length
      ? h("table", { class: "pl-table pl-by-group", "data-testid": `by-group-${number}` },
          h("thead", {}, h("tr", {}, h("th", {}, "Stakeholder group"), REACTIONS.map((k) => h("th", { class: "num" }, REACTION_LABELS[k])))),
          h("tbody", {}, groups.map(([g, t]) => h("tr", { "data-group": g }, h("th", { scope: "row" }, g), REACTIONS.map((k) => h("td", { class: `num${t[k] ? "" : " zero"}`, "data-reaction": k }, String(t[k] ?? 0)))))))
      : h("p", { class: "muted" }, "No reactions to this wording yet."),
    r.silent_stakeholder_groups.length
      ? h("p", { class: "pl-silent", "data-testid": `silent-${number}` }, h("strong", {}, "No reaction yet from: "), r.silent_stakeholder_groups.join(", "))
      : null,
    r.objections.length
      ? h("ul", { class: "pl-objections plain-list", "data-testid": `objections-${number}` },
          r.objections.map((o) => objectionItem(conn, number, o, decided)))
      : null,
    r.earlier_reactions
      ? h("p", { class: "muted small", "data-testid": `earlier-${number}` },
          `${r.earlier_reactions} ${r.earlier_reactions === 1 ? "reaction was" : "reactions were"} given to an earlier wording: not counted until given again.`)
      : null,
  ];
}

/** @param {Connection} conn @param {number} number @param {Objection} o @param {boolean} decided */
function objectionItem(conn, number, o, decided) {
  const who = [o.name, o.stakeholder_group, o.hub_name && o.hub_name !== o.name ? o.hub_name : "", o.head_count > 1 ? `${o.head_count} people` : ""].filter(Boolean).join(" · ");
  const box = /** @type {HTMLInputElement} */ (
    h("input", { type: "checkbox", checked: o.addressed, disabled: decided, "data-testid": `addressed-${number}-${o.participant_id}` })
  );
  const refused = h("p", { class: "field-error", hidden: true });
  box.addEventListener("change", async () => {
    box.disabled = true;
    const ack = await conn.send("AddressObjection", { paragraph: number, participant_id: o.participant_id, addressed: box.checked });
    box.disabled = false;
    if (!ack.ok) box.checked = !box.checked;
    refused.hidden = ack.ok;
    setText(refused, ack.ok ? "" : ack.message);
  });
  return h(
    "li",
    { class: `pl-objection${o.addressed ? " addressed" : ""}`, "data-testid": `objection-${number}-${o.participant_id}` },
    h("p", { class: "pl-objector" }, h("strong", {}, "Objection"), ` from ${who}`),
    h("blockquote", { class: "pl-reason" }, o.reason),
    h("label", { class: "inline pl-addressed" }, box, o.addressed ? "Addressed" : decided ? "Not addressed" : "Mark as addressed"),
    refused,
  );
}
