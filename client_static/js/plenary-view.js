// The composite text as the room sees it (screen, phones, hub): each paragraph with its marks
// ("changed from the draft"), and the chair's decision. A phone's reactions and endorsement
// are in phone-plenary.js, loaded only after the rotation.

import { h } from "./dom.js";

/** @import { State } from "./state.js" */
/** @import { Decision } from "./protocol-types.js" */
/** @typedef {{number: number, draft: string, text: string, revision: number, changed: boolean}} Row */

const STYLESHEET = "/static/css/plenary.css";

/** Link plenary.css once, from whichever page mounts plenary parts (the hub page reuses join.js). */
export function ensureStylesheet() {
  if (document.querySelector(`link[href="${STYLESHEET}"]`)) return;
  document.head.appendChild(h("link", { rel: "stylesheet", href: STYLESHEET }));
}

/** "sha256:1a2b3c4d5e6f…" for people; the full hash goes in the exports. @param {string} hash */
export function shortHash(hash) {
  const [algorithm, hex] = hash.includes(":") ? hash.split(":", 2) : ["", hash];
  return `${algorithm ? `${algorithm}:` : ""}${hex.slice(0, 12)}…`;
}

/**
 * The text as it stands, paragraph by paragraph: the decision's frozen text once there is one.
 * @param {State} state
 * @returns {Row[]}
 */
export function compositeRows(state) {
  const { composite, decision } = state.plenary;
  return state.paragraphs.map((draft, i) => {
    const entry = composite[i + 1];
    const text = decision?.paragraphs[i] ?? entry?.text ?? draft;
    return { number: i + 1, draft, text, revision: entry?.revision ?? 0, changed: text !== draft };
  });
}

/** @param {State} state */
export const composedCount = (state) => Object.keys(state.plenary.composite).length;

/**
 * The chair's decision in a sentence or two.
 * @param {Decision} decision
 * @param {{testid?: string}} [options]
 */
export function decisionBanner(decision, { testid = "decision-banner" } = {}) {
  const closed = decision.kind === "closed";
  return h(
    "div",
    { class: `pl-decision ${closed ? "closed" : "not-closed"}`, "data-testid": testid, "data-kind": decision.kind },
    h("p", { class: "pl-decision-title" }, closed ? "The chair closed the text." : "The chair did not close the text."),
    closed
      ? h("p", { class: "pl-hash" }, "Content hash ", h("code", { "data-testid": "hash", title: decision.content_hash }, shortHash(decision.content_hash)))
      : h("p", {}, "A report of the agreement and disagreement will be issued instead."),
    decision.note ? h("p", { class: "pl-note", "data-testid": "decision-note" }, `Chair's note: ${decision.note}`) : null,
  );
}

/**
 * The composite text for the projector: large, changed paragraphs marked.
 * @param {State} state
 */
export function screenText(state) {
  return h(
    "ol",
    { class: "pl-screen-text", "data-testid": "composite-text" },
    compositeRows(state).map((row) =>
      h(
        "li",
        { class: `pl-screen-para${row.changed ? " changed" : ""}`, "data-testid": `screen-para-${row.number}`, value: row.number },
        row.changed ? h("span", { class: "pl-mark changed" }, "Changed from the draft") : null,
        h("p", { "data-testid": `screen-text-${row.number}` }, row.text),
      ),
    ),
  );
}
