// The moderator's broadcast ("back to plenary in 5 minutes"), prominent at the top of every page
// until dismissed; a newer one replaces it. page.js loads this module once there is a broadcast,
// so pages on a thin link do not pay for it before. A dismissal is remembered across reloads.

import { h } from "./dom.js";

/**
 * Show the state's broadcast, unless this device dismissed it.
 * @param {import("./state.js").State} state
 */
export function showBroadcast(state) {
  const message = state.remote.broadcast;
  if (!message) return;
  const key = `roundtable:dismissed:${state.session_id}`;
  if (stored(() => localStorage.getItem(key)) === String(message.sent_at_ms)) return;
  useStylesheet("/static/css/remote.css");
  const time = new Date(message.sent_at_ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  const banner = h(
    "div",
    { class: "broadcast", role: "alert", "data-role": "broadcast", "data-testid": "broadcast" },
    h("span", { class: "broadcast-from" }, `From the moderator, ${time}`),
    h("p", { class: "broadcast-text", "data-testid": "broadcast-text" }, message.text),
    h(
      "button",
      {
        type: "button",
        class: "broadcast-close",
        "aria-label": "Dismiss",
        "data-testid": "broadcast-dismiss",
        onclick: () => {
          banner.remove();
          stored(() => localStorage.setItem(key, String(message.sent_at_ms)));
        },
      },
      "×",
    ),
  );
  const old = document.querySelector("[data-role=broadcast]");
  const header = document.querySelector("body > header");
  if (old) old.replaceWith(banner);
  else if (header) header.after(banner);
  else document.body.prepend(banner);
}

/** localStorage may be refused (private mode): then for this visit only. @param {() => any} use */
function stored(use) {
  try {
    return use();
  } catch {
    return null;
  }
}

/** Link a stylesheet once, for pages whose HTML does not. @param {string} href */
export function useStylesheet(href) {
  if (document.querySelector(`link[href="${href}"]`)) return;
  document.head.appendChild(h("link", { rel: "stylesheet", href }));
}
