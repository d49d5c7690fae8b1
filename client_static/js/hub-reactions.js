// The hub console's reactions to the composite text (after the rotation): each composite
// paragraph with the hub's reaction as a block (support / can live with it / object, with a
// reason), for the people present. hub-console.js loads this once the composite has paragraphs,
// and sends the reactions through its outbox.

import { fill, h, setText } from "./dom.js";

export const REACTIONS = /** @type {const} */ ([
  ["support", "Support", "supports"],
  ["live_with", "Can live with it", "can live with it"],
  ["object", "Object", "objects"],
]);

/**
 * @typedef {object} ReactionsView
 * @property {import("./state.js").State} state
 * @property {string} hubId
 * @property {number} people the head count the hub reacts for
 * @property {(paragraph: number) => import("./protocol-types.js").React | null} queued the React not yet sent
 * @property {(command: import("./protocol-types.js").Command | null) => string} sendingText "Sending…" or "Not yet sent"
 * @property {(paragraph: number) => string} refused the server's refusal of the last one, if any
 * @property {(paragraph: number) => string} reason the objection's reason as typed so far
 */

/**
 * @param {HTMLElement} list
 * @param {HTMLElement} note
 * @param {ReactionsView} view
 */
export function drawReactions(list, note, { state, hubId, people, queued, sendingText, refused, reason }) {
  const decided = state.plenary.decision !== null;
  setText(note, decided ? "The chair has decided on the text." : `The hub reacts as a block, for the ${people} people present.`);
  const paragraphs = Object.values(state.plenary.composite).sort((a, b) => a.paragraph - b.paragraph);
  /** @param {string | undefined} kind @param {number} index */
  const word = (kind, index) => REACTIONS.find(([k]) => k === kind)?.[index] ?? "";
  fill(
    list,
    paragraphs.map((entry) => {
      const n = entry.paragraph;
      const own = state.plenary.reactions[n]?.[hubId];
      const current = own && own.revision === entry.revision ? own : null;
      const waiting = queued(n);
      const status = waiting
        ? `${sendingText(waiting)}: ${word(waiting.reaction, 1)}`
        : refused(n) ||
          (current ? `The hub ${word(current.reaction, 2)} (${current.head_count} people)` : own ? "The wording changed: react again" : "No reaction yet");
      const state_ = waiting ? "queued" : refused(n) ? "error" : current ? "saved" : "";
      return h(
        "article",
        { class: "reaction-item", "data-testid": `reaction-${n}` },
        h("p", { class: "paragraph-label" }, `Paragraph ${n}`),
        h("blockquote", { class: "paragraph" }, entry.text),
        h("p", { class: "save-status", "data-testid": `reaction-status-${n}`, "data-state": state_ }, status),
        decided
          ? null
          : [
              h(
                "div",
                { class: "reaction-buttons" },
                REACTIONS.map(([kind, label]) =>
                  h(
                    "button",
                    { type: "button", "data-intent": "react", "data-paragraph": n, "data-reaction": kind, "aria-pressed": String(current?.reaction === kind), "data-testid": `react-${n}-${kind}` },
                    label,
                  ),
                ),
              ),
              h(
                "label",
                { class: "field reason" },
                "Why the hub objects (to object)",
                h("textarea", { rows: 2, maxlength: 500, "data-reason": n, "data-testid": `reason-${n}` }, reason(n)),
              ),
            ],
      );
    }),
  );
}
