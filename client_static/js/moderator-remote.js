// The moderator's remote panel, in every phase: register hubs and hand out their operator links,
// move a hub to another group, see who is connected (each hub and facilitator tablet: since
// when, round trip, entries they have not sent yet), raised hands, the inbox of messages from
// hubs and facilitators, and the broadcast box (a message on every page).

import { changeTracker, copyText, fill, h, setText } from "./dom.js";
import { LIMITS } from "./limits.js";
import { HUB_PLACEMENTS } from "./protocol.js";
import { TIMED_OUT, commandOf } from "./requests.js";
import { useStylesheet } from "./banner.js";
import { clearFieldErrors, showError, showFieldError } from "./page.js";
import { groupName } from "./views.js";

/** @import { State } from "./state.js" */
/** @typedef {{role: string, key: string, connected: boolean, since_ms: number, last_seen_ms: number,
 *   rtt_ms: number | null, unsent: number}} Link */

const REDRAW_MS = 15_000; // "connected 3 min" moves on by itself
const SEND_ATTEMPTS = 3;

/**
 * @param {import("./connection.js").Connection} conn
 * @param {HTMLElement} root the panel's container
 */
export function mountRemote(conn, root) {
  useStylesheet("/static/css/remote.css");
  const changed = changeTracker();
  /** @type {Record<string, string>} hub id -> operator link */
  let hubLinks = {};
  /** @type {Link[]} */
  let links = [];
  const form = registerForm();
  const broadcast = broadcastForm();
  const hubs = h("div", { class: "table-wrap" });
  const presence = h("ul", { class: "presence-list plain-list", "data-testid": "presence" });
  const hands = h("ul", { class: "hands-list plain-list", "data-testid": "hands" });
  const inbox = h("ol", { class: "inbox plain-list", "data-testid": "inbox" });
  const inboxTitle = h("h3", {}, "Messages");
  const current = h("p", { class: "muted small", "data-testid": "broadcast-current" });
  fill(
    root,
    h("h2", {}, "Remote hubs and connections"),
    h(
      "div",
      { class: "remote-grid" },
      h("div", { class: "remote-col" }, h("h3", {}, "Register a hub"), form, h("h3", {}, "Broadcast to every page"), broadcast, current),
      h("div", { class: "remote-col" }, h("h3", {}, "Hubs"), hubs, h("h3", {}, "Facilitator tablets"), presence),
      h("div", { class: "remote-col" }, h("h3", {}, "Raised hands"), hands, inboxTitle, inbox),
    ),
  );

  const refresh = async () => {
    const [linked, present] = await Promise.all([conn.links(), conn.call("presence", {})]);
    if (linked?.ok) hubLinks = Object.fromEntries(linked.hubs.map((l) => [l.hub_id, new URL(l.link, location.origin).href]));
    if (present?.ok) links = present.links;
    render();
  };
  document.addEventListener("roundtable:status", (e) => {
    if (/** @type {CustomEvent} */ (e).detail.status === "connected") void refresh();
  });
  document.addEventListener("roundtable:presence", (e) => {
    links = /** @type {CustomEvent} */ (e).detail.links;
    render();
  });
  document.addEventListener("roundtable:event", (e) => {
    if (/** @type {CustomEvent} */ (e).detail.event.type === "HubRegistered") void refresh();
  });
  document.addEventListener("roundtable:state", () => render());
  setInterval(() => render(true), REDRAW_MS);

  /**
   * A command with its id made once and kept across attempts; a refusal is returned, not thrown
   * (this panel shows it next to its form, not in the page's error area).
   * @template {import("./protocol-types.js").CommandType} T
   * @param {T} type
   * @param {import("./protocol-types.js").CommandFields<T>} fields
   * @returns {Promise<import("./requests.js").Ack>}
   */
  async function send(type, fields) {
    const payload = commandOf(type, fields);
    for (let attempt = 0; attempt < SEND_ATTEMPTS; attempt += 1) {
      const ack = conn.connected ? await conn.call("command", payload) : null;
      if (ack) return ack;
      await new Promise((r) => setTimeout(r, 1000));
    }
    return TIMED_OUT;
  }

  function registerForm() {
    const mine = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
    // Not in every browser yet (the types say it always is): then the page's own zone only.
    /** @type {string[]} */
    const known = "supportedValuesOf" in Intl ? Intl.supportedValuesOf("timeZone") : [];
    const zones = known.includes(mine) ? known : [mine, ...known]; // "UTC" is not in the list
    const el = /** @type {HTMLFormElement} */ (
      h(
        "form",
        { class: "hub-form", novalidate: true, "data-testid": "register-hub" },
        h("label", { class: "field", "data-field": "name" }, "Hub name", h("input", { name: "name", maxlength: LIMITS.RegisterHub.name.maxLength, required: true, placeholder: "Nairobi hub", "data-testid": "hub-field-name" })),
        h(
          "div",
          { class: "two-col" },
          h("label", { class: "field", "data-field": "city" }, "City", h("input", { name: "city", maxlength: LIMITS.RegisterHub.city.maxLength, "data-testid": "hub-field-city" })),
          h("label", { class: "field", "data-field": "country" }, "Country", h("input", { name: "country", maxlength: LIMITS.RegisterHub.country.maxLength, "data-testid": "hub-field-country" })),
        ),
        h(
          "div",
          { class: "two-col" },
          h(
            "label",
            { class: "field", "data-field": "timezone" },
            "Time zone",
            h("select", { name: "timezone", "data-testid": "hub-field-timezone" }, zones.map((/** @type {string} */ z) => h("option", { value: z, selected: z === mine }, z.replaceAll("_", " ")))),
          ),
          h("label", { class: "field", "data-field": "expected_head_count" }, "Expected people", h("input", { name: "expected_head_count", type: "number", min: 1, max: LIMITS.RegisterHub.expected_head_count.maximum, value: 10, "data-testid": "hub-field-head-count" })),
        ),
        h(
          "fieldset",
          { class: "field", "data-field": "placement" },
          h("legend", {}, "Takes part"),
          h("label", { class: "inline" }, h("input", { type: "radio", name: "placement", value: "remote", checked: true, "data-testid": "hub-placement-remote" }), "With other hubs, in a remote group"),
          h("label", { class: "inline" }, h("input", { type: "radio", name: "placement", value: "breakout", "data-testid": "hub-placement-breakout" }), "Joins a breakout group of the room"),
        ),
        h("div", { class: "save-row" }, h("button", { type: "submit", class: "primary", "data-testid": "register-hub-submit" }, "Register hub"), h("span", { class: "save-status", "aria-live": "polite" })),
      )
    );
    el.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearFieldErrors(el);
      const data = new FormData(el);
      const text = (/** @type {string} */ name) => String(data.get(name) ?? "").trim();
      const status = /** @type {HTMLElement} */ (el.querySelector(".save-status"));
      if (!text("name")) return void showFieldError(el, "name", "Give the hub a name.");
      setText(status, "Registering…");
      const ack = await send("RegisterHub", {
        name: text("name"),
        city: text("city"),
        country: text("country"),
        timezone: text("timezone") || "UTC",
        expected_head_count: parseInt(text("expected_head_count"), 10) || 0,
        placement: HUB_PLACEMENTS.find((p) => p === text("placement")) ?? "remote",
      });
      setText(status, ack.ok ? `Registered ${text("name")}` : "Not registered");
      if (ack.ok) {
        for (const name of ["name", "city", "country"]) /** @type {HTMLInputElement} */ (el.elements.namedItem(name)).value = "";
      } else if (!showFieldError(el, ack.field, ack.message)) showError(ack.message);
    });
    return el;
  }

  function broadcastForm() {
    const el = /** @type {HTMLFormElement} */ (
      h(
        "form",
        { class: "broadcast-form", novalidate: true },
        h("label", { class: "field", "data-field": "text" }, h("span", { class: "offscreen" }, "Broadcast message"), h("textarea", { name: "text", rows: 2, maxlength: LIMITS.Broadcast.text.maxLength, placeholder: "Back to plenary in 5 minutes", "data-testid": "broadcast-input" })),
        h("button", { type: "submit", "data-testid": "broadcast-send" }, "Send to every page"),
      )
    );
    el.addEventListener("submit", async (event) => {
      event.preventDefault();
      clearFieldErrors(el);
      const field = /** @type {HTMLTextAreaElement} */ (el.elements.namedItem("text"));
      if (!field.value.trim()) return void showFieldError(el, "text", "Write the message first.");
      const ack = await send("Broadcast", { text: field.value.trim() });
      if (ack.ok) field.value = "";
      else if (!showFieldError(el, ack.field, ack.message)) showError(ack.message);
    });
    return el;
  }

  /** @param {boolean} [clockOnly] only the "since" texts are due */
  function render(clockOnly = false) {
    const state = conn.state;
    if (!conn.me || conn.me.role !== "moderator") return;
    const remote = state.remote;
    const inputs = [remote.hubs, state.groups, state.hub_group, remote.hands, hubLinks, links, clockOnly ? Date.now() : 0];
    if (changed("hubs", inputs)) {
      fill(hubs, hubTable(state));
      fill(presence, presenceRows(state));
      fill(hands, remote.hands.length ? remote.hands.map((id) => h("li", { "data-testid": `hand-${id}` }, h("span", { class: "hand-badge" }, "hand up"), hubLabel(state, id))) : h("li", { class: "muted" }, "No hand raised."));
    }
    if (changed("inbox", [remote.messages, remote.hubs, state.groups])) {
      setText(inboxTitle, `Messages (${remote.messages.length})`);
      fill(
        inbox,
        remote.messages.length === 0
          ? h("li", { class: "muted" }, "Messages from hubs and facilitators appear here.")
          : [...remote.messages].reverse().map((m) =>
              h("li", { class: "inbox-item", "data-testid": "inbox-item" }, h("span", { class: "inbox-meta" }, `${time(m.sent_at_ms)} · ${senderName(state, m)}`), h("p", {}, m.text)),
            ),
      );
    }
    setText(current, remote.broadcast ? `Showing on every page: “${remote.broadcast.text}” (${time(remote.broadcast.sent_at_ms)})` : "Nothing broadcast yet.");
  }

  /** @param {State} state */
  function hubTable(state) {
    const all = Object.values(state.remote.hubs);
    if (all.length === 0) return h("p", { class: "muted" }, "No hub registered yet. Register one, then send its operator the link.");
    const groups = Object.values(state.groups);
    return h(
      "table",
      { class: "people hubs-table", "data-testid": "hubs" },
      h("thead", {}, h("tr", {}, ["Hub", "People", "Group", "Operator link", "Connection"].map((t) => h("th", {}, t)))),
      h(
        "tbody",
        {},
        all.map((hub) => {
          const groupId = state.hub_group[hub.hub_id];
          const href = hubLinks[hub.hub_id];
          return h(
            "tr",
            { "data-testid": `hub-row-${hub.hub_id}` },
            h("td", {}, h("b", {}, hub.name), h("span", { class: "muted small block" }, [hub.city, hub.country, hub.timezone].filter(Boolean).join(" · "))),
            h("td", { "data-testid": `hub-people-${hub.hub_id}` }, `${hub.head_count}`, h("span", { class: "muted small" }, ` of ${hub.expected_head_count} expected`)),
            h(
              "td",
              {},
              groups.length === 0
                ? h("span", { class: "muted small" }, hub.placement === "remote" ? "remote group, at assignment" : "a room group, at assignment")
                : h(
                    "select",
                    {
                      class: "move", "aria-label": `Group of ${hub.name}`, "data-testid": `hub-move-${hub.hub_id}`,
                      onchange: (/** @type {Event} */ e) => void send("PlaceHub", { hub_id: hub.hub_id, group_id: /** @type {HTMLSelectElement} */ (e.target).value }).then((ack) => ack.ok || showError(ack.message)),
                    },
                    groupId ? null : h("option", { value: "", selected: true, disabled: true }, "Move to…"),
                    groups.map((g) => h("option", { value: g.group_id, selected: g.group_id === groupId }, groupName(g))),
                  ),
            ),
            h(
              "td",
              { class: "link-cell" },
              href
                ? [
                    h("a", { href, target: "_blank", rel: "noopener", "data-testid": `hub-link-${hub.hub_id}` }, "open"),
                    h("button", { type: "button", class: "small-button", "data-testid": `hub-copy-${hub.hub_id}`, onclick: (/** @type {Event} */ e) => copied(/** @type {HTMLElement} */ (e.target), href) }, "Copy link"),
                  ]
                : "…",
            ),
            h("td", {}, linkState(links.find((l) => l.role === "hub" && l.key === hub.hub_id), `presence-hub-${hub.hub_id}`)),
          );
        }),
      ),
    );
  }

  /** Facilitator tablets (and hubs, in the hub table): connected since, round trip, unsent. @param {State} state */
  function presenceRows(state) {
    const groups = Object.values(state.groups);
    if (groups.length === 0) return h("li", { class: "muted" }, "Facilitator tablets show here once the groups are assigned.");
    return groups.map((g) =>
      h("li", { class: "presence-row" }, h("span", { class: "presence-name" }, `${groupName(g)} tablet`), linkState(links.find((l) => l.role === "facilitator" && l.key === g.group_id), `presence-facilitator-${g.group_id}`)),
    );
  }

  /** @param {Link | undefined} link @param {string} testid */
  function linkState(link, testid) {
    if (!link) return h("span", { class: "link-state", "data-testid": testid, "data-connected": "never" }, "never connected");
    const since = link.connected ? `connected ${ago(conn.serverNow() - link.since_ms)}` : `offline since ${time(link.since_ms)}`;
    return h(
      "span",
      { class: "link-state", "data-testid": testid, "data-connected": String(link.connected), "data-rtt": link.rtt_ms ?? "" },
      h("span", { class: "link-dot" }),
      since,
      link.connected && link.rtt_ms !== null ? h("span", { class: "muted small" }, ` · rtt ${link.rtt_ms} ms`) : null,
      link.unsent > 0 ? h("span", { class: "unsent-note" }, ` · ${link.unsent} not yet sent`) : null,
    );
  }

  /** @param {HTMLElement} button @param {string} text */
  async function copied(button, text) {
    const done = await copyText(text);
    setText(button, done ? "Copied" : "Copy failed");
    setTimeout(() => setText(button, "Copy link"), 1500);
  }
}

/** @param {State} state @param {string} hubId */
function hubLabel(state, hubId) {
  const hub = state.remote.hubs[hubId];
  const group = state.groups[state.hub_group[hubId]];
  return hub ? `${hub.name} (${hub.head_count} people${group ? `, ${groupName(group)}` : ""})` : hubId;
}

/** @param {State} state @param {import("./remote.js").Message} m */
function senderName(state, m) {
  if (m.from_role === "hub") return state.remote.hubs[m.from_id]?.name ?? "A hub";
  const group = state.groups[m.from_id];
  return group ? `${groupName(group)} facilitator` : "A facilitator";
}

/** @param {number} ms */
function time(ms) {
  return new Date(ms).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
}

/** "just now", "3 min", "1 h 05 min". @param {number} ms */
function ago(ms) {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}
