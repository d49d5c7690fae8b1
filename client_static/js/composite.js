// /moderator after the rotation: for each paragraph, what the groups reached on its points
// (outcomes, live tallies, the ranking the server's `review` computes), the composite wording
// chosen with its provenance, the chair's view of the reactions, and the decision. The app lays
// out who stands where; it never says whether there is consensus: the chair judges.
// The parts: composite-editor.js (a paragraph), point-ranking.js (a point), chair-view.js,
// decision-card.js, endorse.js (the register); review-feed.js asks for the server's review.

import { paragraphCard } from "./composite-editor.js";
import { decisionCard } from "./decision-card.js";
import { fill, h } from "./dom.js";
import { registerCard } from "./endorse.js";
import { composedCount, ensureStylesheet } from "./plenary-view.js";
import { reviewFeed } from "./review-feed.js";

/** @import { Connection } from "./connection.js" */

const REVIEW_AFTER = new Set([
  "RotationFinished", "OutcomeRecorded", "PositionTaken", "HubPositionsSet", "ParticipantJoined", "ParticipantMoved",
  "GroupCreated", "HubPlaced", "HubRegistered", "HeadCountSet", "ParagraphComposed", "ReactionGiven",
  "ObjectionAddressed", "TextClosed", "TextNotClosed",
]);
/** Refusals shown next to the control that caused them, not in the page's error area. */
const INLINE_ERRORS = new Set(["ComposeParagraph", "AddressObjection", "CloseText", "DeclineToClose"]);

/**
 * Mount the plenary part of the moderator's console in `container` (shown once the rotation is over).
 * @param {HTMLElement} container
 * @param {Connection} conn
 * @param {{token: string}} options the moderator token, for the download links
 */
export function mountComposite(container, conn, { token }) {
  ensureStylesheet();
  const feed = reviewFeed(conn, () => render());
  const head = h("section", { class: "card pl-head" });
  const list = h("div", { class: "pl-list" });
  const decision = decisionCard(conn, token);
  const register = registerCard(conn);
  container.replaceChildren(head, list, decision.root, register.root);
  /** @type {Map<number, ReturnType<typeof paragraphCard>>} */
  const cards = new Map();

  function render() {
    const { state, me } = conn;
    if (!me || me.role !== "moderator") return;
    container.hidden = state.phase !== "finished";
    if (container.hidden) return;
    container.dataset.decided = String(state.plenary.decision !== null);
    if (!feed.data) feed.schedule();
    const data = feed.data;
    const composed = composedCount(state);
    fill(
      head,
      h("h2", {}, "Composite text ", h("span", { class: "pl-version", "data-testid": "composite-version" },
        `Version ${state.plenary.composite_version} · ${composed} of ${state.paragraphs.length} paragraphs set`)),
      h("p", { class: "muted" }, state.plenary.decision
        ? "The text as decided, paragraph by paragraph: where each wording came from, and the reactions it had."
        : "For each paragraph: keep the draft, take the top-ranked option or any other, take a group's compromise, or write new wording. " +
          "Each choice keeps its provenance; phones, hubs and the screen see it at once, and people react to it."),
    );
    state.paragraphs.forEach((_, i) => {
      let card = cards.get(i + 1);
      if (!card) {
        card = paragraphCard(conn, i + 1);
        cards.set(i + 1, card);
        list.appendChild(card.root);
      }
      card.render(state, data);
    });
    decision.render(state, data);
    register.render(state);
  }

  document.addEventListener("roundtable:state", render);
  document.addEventListener("roundtable:event", (e) => {
    const { event } = /** @type {CustomEvent} */ (e).detail;
    if (REVIEW_AFTER.has(event.type) && (conn.state.phase === "finished" || event.type === "RotationFinished")) feed.schedule();
  });
  // The page's error area is for everything else (page.js listens on the document; this runs first).
  window.addEventListener(
    "roundtable:error",
    (e) => {
      if (INLINE_ERRORS.has(/** @type {CustomEvent} */ (e).detail.type)) e.stopPropagation();
    },
    true,
  );
}
