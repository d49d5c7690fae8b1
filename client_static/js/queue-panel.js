// The outbox as the person sees it: each entry not yet sent, oldest first, and the entries the
// server refused (until dismissed), from the outbox's roundtable:outbox and roundtable:settled.

import { fill, h } from "./dom.js";

/** @import { Entry } from "./outbox-store.js" */

/**
 * What a refusal means to the person whose entry it was.
 * @param {{code: string, message: string}} ack
 * @returns {string}
 */
export function refusalText(ack) {
  if (ack.code === "stale") return "Not saved: the round had ended.";
  return `Not saved: ${ack.message}`;
}

/**
 * The queue as the person sees it: each entry not yet sent, oldest first, and the entries the
 * server refused (until dismissed). `card` is hidden when there is nothing to show.
 * @param {{card: HTMLElement, list: HTMLElement, notices: HTMLElement}} els
 * @param {(commandId: string) => boolean} [shownElsewhere] a refusal the page shows itself
 */
export function queuePanel({ card, list, notices }, shownElsewhere = () => false) {
  const time = (/** @type {number} */ ms) => new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const update = () => {
    card.hidden = list.childElementCount === 0 && notices.childElementCount === 0;
  };
  document.addEventListener("roundtable:outbox", (e) => {
    const { entries, sending } = /** @type {CustomEvent} */ (e).detail;
    fill(
      list,
      /** @type {Entry[]} */ (entries).map((entry) =>
        h(
          "li",
          { "data-testid": "queued", "data-sending": String(entry.command.command_id === sending) },
          h("span", { class: "queued-label" }, entry.label),
          h("span", { class: "muted small" }, entry.command.command_id === sending ? " · sending…" : ` · queued ${time(entry.queued_at_ms)}`),
        ),
      ),
    );
    update();
  });
  document.addEventListener("roundtable:settled", (e) => {
    const { entry, ack } = /** @type {CustomEvent} */ (e).detail;
    if (ack.ok || shownElsewhere(entry.command.command_id)) return;
    const item = h(
      "li",
      { class: "notice", role: "alert", "data-testid": "refused" },
      h("span", {}, `${entry.label}: ${refusalText(ack)}`),
      h("button", { type: "button", class: "link", "aria-label": "Dismiss", onclick: () => (item.remove(), update()) }, "×"),
    );
    notices.prepend(item);
    update();
  });
}
