// What every page has: the connection indicator, human-readable errors, the countdown ticking
// against the server's clock, the moderator's broadcast, and a render(state) call after every
// applied event.

import { connect } from "./connection.js";
import { fmtClock, h, setText } from "./dom.js";
import { remainingMs } from "./views.js";

const TICK_MS = 200; // protocol.md: the countdown is computed locally every 200 ms
const ERROR_SHOWN_MS = 12_000;

/** @type {Record<import("./connection.js").Status, string>} */
const STATUS_TEXT = {
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
  refused: "Not connected",
};

/**
 * @typedef {object} PageOptions
 * @property {import("./connection.js").Auth} auth
 * @property {(state: import("./state.js").State, me: import("./connection.js").Me | null) => void} render
 * @property {(detail: {code: string, message: string, field: string | null, type: string}) => boolean} [onError]
 *   return true when the page showed the error itself (next to a field)
 * @property {Promise<import("./outbox.js").Kept | null>} [restore] a state kept on the device (outbox.js)
 */

/**
 * Connect and wire the shared parts of a page:
 *   [data-role=connection]  the connection indicator
 *   [data-role=errors]      where errors not shown next to a field appear
 *   [data-countdown]        elements that show the round's remaining time
 * @param {PageOptions} options
 */
export function startPage({ auth, render, onError, restore }) {
  const conn = connect(auth, { restore });
  let banner = 0;

  document.addEventListener("roundtable:status", (e) => {
    const { status } = /** @type {CustomEvent} */ (e).detail;
    for (const el of document.querySelectorAll("[data-role=connection]")) {
      setText(el, STATUS_TEXT[/** @type {import("./connection.js").Status} */ (status)] ?? status);
      /** @type {HTMLElement} */ (el).dataset.status = status;
    }
  });

  document.addEventListener("roundtable:error", (e) => {
    const detail = /** @type {CustomEvent} */ (e).detail;
    if (onError && onError(detail)) return;
    showError(detail.message);
  });

  document.addEventListener("roundtable:state", (e) => {
    const { state, me } = /** @type {CustomEvent} */ (e).detail;
    render(state, me);
    // The moderator's broadcast: banner.js loads once there is one.
    const sent = state.remote.broadcast?.sent_at_ms ?? 0;
    if (sent > banner) {
      banner = sent;
      void import("./banner.js").then((m) => m.showBroadcast(state));
    }
    tick();
  });

  const tick = () => {
    const clock = conn.state.clock;
    const left = remainingMs(clock, conn.serverNow());
    for (const el of document.querySelectorAll("[data-countdown]")) {
      const node = /** @type {HTMLElement} */ (el);
      setText(node, clock ? fmtClock(left) : "--:--");
      node.dataset.paused = String(Boolean(clock && clock.paused_remaining_ms !== null));
      node.dataset.low = String(Boolean(clock && left <= 30_000));
    }
  };
  setInterval(tick, TICK_MS);
  tick();
  return conn;
}

/**
 * Show a message in the page's error area (also for errors that happen before connecting).
 * @param {string} message
 */
export function showError(message) {
  const area = document.querySelector("[data-role=errors]");
  if (!area) return;
  const item = h(
    "p",
    { class: "error", role: "alert", "data-testid": "error" },
    message,
    h("button", { type: "button", class: "link", "aria-label": "Dismiss", onclick: () => item.remove() }, "×"),
  );
  area.appendChild(item);
  setTimeout(() => item.remove(), ERROR_SHOWN_MS);
}

/**
 * Show an error next to the form field it names (ack `field`, e.g. "points.0.paragraph"),
 * trying shorter prefixes ("points.0", "points") when no element carries the whole name.
 * @param {HTMLElement} form
 * @param {string | null} field
 * @param {string} message
 * @returns {boolean} whether a field was found
 */
export function showFieldError(form, field, message) {
  if (!field) return false;
  const parts = field.split(".");
  for (let n = parts.length; n > 0; n -= 1) {
    const name = parts.slice(0, n).join(".");
    const host = form.querySelector(`[data-field="${CSS.escape(name)}"]`);
    if (host) {
      const note = h("p", { class: "field-error", role: "alert", "data-testid": "field-error" }, message);
      host.appendChild(note);
      host.classList.add("has-error");
      host.scrollIntoView({ block: "center", behavior: "smooth" });
      return true;
    }
  }
  return false;
}

/** @param {HTMLElement} form */
export function clearFieldErrors(form) {
  for (const note of form.querySelectorAll(".field-error")) note.remove();
  for (const host of form.querySelectorAll(".has-error")) host.classList.remove("has-error");
}
