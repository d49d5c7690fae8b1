// /hub#TOKEN: a registered hub's operator console, on a laptop at the hub (often on a slow,
// lossy link). The hub's group and current point, the timer in the hub's own time zone, the
// head count, the hub's positions as a block, a raised hand, messages to the moderator, and the
// hub's reactions to the composite text. Everything the operator enters goes through the outbox:
// kept across reloads, "not yet sent" until acknowledged, "saved" only once the server has it.
// Without a token (/hub?code=…) it hands over to the join page with the mode preset to "hub".

import { byId, changeTracker, fill, h, intents, setText } from "./dom.js";
import { choicesOf, counter, letter, same, sentence } from "./hub-block.js";
import { clock, endsLocal, waiting } from "./hub-status.js";
import { keptState, openOutbox } from "./outbox.js";
import { showError, startPage } from "./page.js";
import { REACTIONS } from "./protocol.js";
import { queuePanel, refusalText } from "./queue-panel.js";
import { currentPoint, groupName, pointById } from "./views.js";
import { REACTION_LABELS } from "./vocabulary.js";

/** @import { State } from "./state.js" */
/** @import { Point } from "./protocol-types.js" */
/** @import { Hub } from "./protocol-types.js" */
/** @import { CommandType, CommandTypes } from "./protocol-types.js" */

const token = location.hash.slice(1);

if (!token) {
  // Without a hub link this is someone at a hub joining as a participant: the join page,
  // told to preset the mode, so the form lives in one place.
  const search = new URLSearchParams(location.search);
  search.set("as", "hub");
  location.replace(`/join?${search}`);
} else {
  runConsole(token);
}

/** @param {string} hubToken */
function runConsole(hubToken) {
  document.body.classList.replace("phone", "hub-body");
  byId("hub-console").hidden = false;
  byId("heading").textContent = "Roundtable · Remote hub";
  document.querySelector("[data-role=unsent]")?.removeAttribute("hidden");
  const bind = intents(document);
  const changed = changeTracker();
  const conn = startPage({
    auth: { token: hubToken },
    render: () => render(),
    restore: keptState(hubToken),
  });
  const outbox = openOutbox(hubToken, conn);
  queuePanel({ card: byId("queue-card"), list: byId("queue"), notices: byId("notices") });

  /** The operator's counts on the current point, before they are saved. */
  /** @type {{key: string, counts: Record<string, number>, dirty: boolean}} */
  let block = { key: "", counts: {}, dirty: false };
  let head = { value: 0, dirty: false, saved: false };
  /** @type {Record<string, string>} refusals shown next to what they refused, by "what|point" */
  const refused = {};
  /** @type {Map<number, string>} */
  const reasons = new Map();

  /**
   * The newest queued command of a type (and matching `test`), if any.
   * @template {CommandType} T
   * @param {T} type
   * @param {(command: CommandTypes[T]) => boolean} [test]
   * @returns {CommandTypes[T] | null}
   */
  const pending = (type, test = () => true) => {
    for (const entry of [...outbox.entries].reverse()) {
      if (entry.command.type !== type) continue;
      // A queued command of type T is a T: tsc does not narrow a union by a generic.
      const command = /** @type {CommandTypes[T]} */ (entry.command);
      if (test(command)) return command;
    }
    return null;
  };
  const hubId = () => conn.me?.participant_id ?? "";
  const hub = () => /** @type {Hub | undefined} */ (conn.state.remote.hubs[hubId()]);
  const point = () => pointById(conn.state, currentPoint(conn.state, conn.state.hub_group[hubId()]));
  /** @param {import("./protocol-types.js").Command | null} command */
  const sendingText = (command) => (command && outbox.sending === command.command_id ? "Sending…" : "Not yet sent");

  for (const name of ["roundtable:outbox", "roundtable:settled"]) document.addEventListener(name, () => render());
  document.addEventListener("roundtable:settled", (e) => {
    const { entry, ack } = /** @type {CustomEvent} */ (e).detail;
    const c = entry.command;
    const text = ack.ok ? "" : refusalText(ack);
    if (c.type === "SetHubPositions") refused[`positions|${c.point_id}`] = text;
    if (c.type === "SetHeadCount") [refused.head, head.saved] = [text, ack.ok];
    if (c.type === "RaiseHand") refused.hand = text;
    if (c.type === "React") refused[`react|${c.paragraph}`] = text;
    if (c.type === "MessageModerator") setText(byId("message-status"), ack.ok ? "Sent" : text);
    render();
  });

  bind("count", (el) => {
    block.counts[el.dataset.choice ?? ""] = Math.max(0, parseInt(/** @type {HTMLInputElement} */ (el).value, 10) || 0);
    block.dirty = true;
    render();
  });
  bind("count-step", (el) => {
    const choice = el.dataset.choice ?? "";
    block.counts[choice] = Math.max(0, (block.counts[choice] ?? 0) + Number(el.dataset.step));
    block.dirty = true;
    render();
  });
  bind("positions", async () => {
    const now = point();
    if (!now || overCount()) return;
    const counts = Object.fromEntries(Object.entries(block.counts).filter(([, n]) => n > 0));
    refused[`positions|${now.point_id}`] = "";
    const number = conn.state.points.indexOf(now) + 1;
    await outbox.add("SetHubPositions", { point_id: now.point_id, counts }, `Positions on point ${number}: ${sentence(now, counts, headCount())}`);
    block.dirty = false;
    render();
  });
  byId("head-count").addEventListener("input", () => {
    head = { value: Math.max(0, parseInt(/** @type {HTMLInputElement} */ (byId("head-count")).value, 10) || 0), dirty: true, saved: false };
    render();
  });
  bind("head-step", (el) => {
    head = { value: Math.max(0, headCount() + Number(el.dataset.step)), dirty: true, saved: false };
    render();
  });
  bind("head-count", async () => {
    refused.head = "";
    await outbox.add("SetHeadCount", { head_count: head.value }, `Head count: ${head.value} present`);
    head = { ...head, dirty: false };
    render();
  });
  bind("hand", async () => {
    const raised = !handUp();
    refused.hand = "";
    await outbox.add("RaiseHand", { raised }, raised ? "Raise the hub's hand" : "Lower the hub's hand");
  });
  bind("message", async (el) => {
    const field = /** @type {HTMLTextAreaElement} */ (el.querySelector("textarea"));
    const text = field.value.trim();
    if (!text) return;
    await outbox.add("MessageModerator", { text }, `Message: “${text.length > 40 ? `${text.slice(0, 39)}…` : text}”`);
    field.value = "";
    setText(byId("message-status"), conn.connected ? "Sending…" : "Not yet sent");
  });
  bind("react", async (el) => {
    const paragraph = Number(el.dataset.paragraph);
    const reaction = REACTIONS.find((r) => r === el.dataset.reaction);
    if (!reaction) return;
    const reason = (reasons.get(paragraph) ?? "").trim();
    if (reaction === "object" && !reason) {
      refused[`react|${paragraph}`] = "Say briefly why the hub objects, then press Object.";
      return render();
    }
    refused[`react|${paragraph}`] = "";
    const people = hub()?.head_count ?? 0;
    const fields = { paragraph, reaction, reason: reaction === "object" ? reason : "", ...(people > 0 ? { head_count: people } : {}) };
    await outbox.add("React", fields, `Paragraph ${paragraph}: ${REACTION_LABELS[reaction]}`);
  });
  document.addEventListener("input", (e) => {
    const el = /** @type {HTMLElement} */ (e.target);
    if (el.dataset.reason) reasons.set(Number(el.dataset.reason), /** @type {HTMLTextAreaElement} */ (el).value);
  });

  /** The head count as the operator sees it: typed, queued, or the server's. */
  const headCount = () => (head.dirty ? head.value : (pending("SetHeadCount")?.head_count ?? hub()?.head_count ?? 0));
  const handUp = () => pending("RaiseHand")?.raised ?? conn.state.remote.hands.includes(hubId());
  const overCount = () => Object.values(block.counts).reduce((a, b) => a + b, 0) > headCount();

  function render() {
    const state = conn.state;
    const me = conn.me;
    if (!me) return;
    if (me.role !== "hub") return void showError("This link is not a hub operator's link: ask the moderator for yours.");
    const mine = hub();
    const groupId = state.hub_group[hubId()];
    const group = groupId ? state.groups[groupId] : undefined;
    const now = point();
    const clock = state.clock;
    setText(byId("hub-name"), mine ? [mine.name, mine.city, mine.country].filter(Boolean).join(" · ") : "Remote hub");
    setText(byId("hub-group"), group ? groupName(group) : "Not in a group yet");
    setText(byId("hub-round"), clock ? `Round ${clock.number} of ${state.plan.length}` : "");
    byId("hub-paused").hidden = !clock || clock.paused_remaining_ms === null;
    setText(byId("ends-local"), endsLocal(clock, mine));
    setText(byId("hub-message"), waiting(state, Boolean(group), Boolean(now)));
    byId("point-card").hidden = !now;
    byId("positions-card").hidden = !now;
    if (now && clock) renderPoint(state, now, `${clock.number}|${now.point_id}`, groupId ?? "");
    renderPeople();
    renderReactions(state, mine);
    renderMessages(state);
  }

  /** @param {State} state @param {Point} now @param {string} key @param {string} groupId */
  function renderPoint(state, now, key, groupId) {
    if (changed("point", [now, state.paragraphs])) {
      setText(byId("point-label"), `Point ${state.points.indexOf(now) + 1} · Paragraph ${now.paragraph}`);
      setText(byId("paragraph"), state.paragraphs[now.paragraph - 1] ?? "");
      setText(byId("question"), now.question);
      fill(byId("options"), now.options.map((o, i) => h("li", { "data-option": o.option_id }, h("b", {}, `${letter(i)} `), o.label)));
    }
    const queued = pending("SetHubPositions", (c) => c.point_id === now.point_id);
    const saved = state.remote.blocks[now.point_id]?.[hubId()];
    /** @type {Record<string, number>} */
    const server = saved && saved.group_id === groupId ? saved.counts : {};
    if (key !== block.key) {
      block = { key, counts: {}, dirty: false };
      fill(byId("counters"), choicesOf(now).map((c) => counter(c.id, `${c.tag} ${c.label}`)));
    }
    if (!block.dirty) block.counts = { ...(queued?.counts ?? server) };
    for (const el of byId("counters").querySelectorAll("input")) {
      const input = /** @type {HTMLInputElement} */ (el);
      const value = String(block.counts[input.dataset.choice ?? ""] ?? 0);
      if (input.value !== value && document.activeElement !== input) input.value = value;
    }
    setText(byId("sentence"), sentence(now, block.counts, headCount()));
    const over = overCount();
    /** @type {HTMLButtonElement} */ (byId("positions-save")).disabled = over;
    const [text, status] = queued
      ? [sendingText(queued), "queued"]
      : over
        ? [`More than the ${headCount()} present: update the head count first.`, "error"]
        : refused[`positions|${now.point_id}`]
          ? [refused[`positions|${now.point_id}`], "error"]
          : saved && !block.dirty && same(server, block.counts)
            ? ["Saved", "saved"]
            : block.dirty && !same(server, block.counts)
              ? ["Not saved yet: press Save", "dirty"]
              : ["", ""];
    statusLine("positions-status", text, status);
  }

  function renderPeople() {
    const input = /** @type {HTMLInputElement} */ (byId("head-count"));
    const value = String(headCount());
    if (input.value !== value && document.activeElement !== input) input.value = value;
    const queued = pending("SetHeadCount");
    const [text, status] = queued
      ? [sendingText(queued), "queued"]
      : refused.head
        ? [refused.head, "error"]
        : head.dirty
          ? ["Press Update to tell the moderator", "dirty"]
          : head.saved
            ? ["Saved", "saved"]
            : ["", ""];
    statusLine("head-status", text, status);
    const up = handUp();
    const hand = byId("hand");
    setText(hand, up ? "Lower hand" : "Raise hand");
    hand.setAttribute("aria-pressed", String(up));
    const queuedHand = pending("RaiseHand");
    statusLine(
      "hand-status",
      queuedHand ? sendingText(queuedHand) : refused.hand || (up ? "Hand raised: the moderator sees it" : ""),
      queuedHand ? "queued" : refused.hand ? "error" : up ? "saved" : "",
    );
  }

  /** @type {typeof import("./hub-reactions.js") | null} */
  let reactionsModule = null;
  /** The composite's paragraphs and the hub's reactions: its module loads once there are some. */
  function renderReactions(/** @type {State} */ state, /** @type {Hub | undefined} */ mine) {
    const some = Object.keys(state.plenary.composite).length > 0;
    byId("reactions-card").hidden = !some;
    if (!some) return;
    if (!reactionsModule) return void import("./hub-reactions.js").then((m) => ((reactionsModule = m), render()));
    if (!changed("reactions", [state.plenary, outbox.entries, outbox.sending, mine, JSON.stringify(refused)])) return;
    reactionsModule.drawReactions(byId("reactions"), byId("reactions-note"), {
      state,
      hubId: hubId(),
      people: mine?.head_count ?? 0,
      queued: (n) => pending("React", (c) => c.paragraph === n),
      sendingText,
      refused: (n) => refused[`react|${n}`] ?? "",
      reason: (n) => reasons.get(n) ?? "",
    });
  }

  /** @param {State} state */
  function renderMessages(state) {
    if (!changed("messages", [state.remote.messages])) return;
    const mine = state.remote.messages.filter((m) => m.from_role === "hub" && m.from_id === hubId()).slice(-5).reverse();
    fill(byId("sent-messages"), mine.map((m) => h("li", {}, h("span", { class: "muted small" }, `${clock(m.sent_at_ms)} `), m.text)));
  }

  /** @param {string} id @param {string} text @param {string} status */
  function statusLine(id, text, status) {
    const el = byId(id);
    setText(el, text);
    el.dataset.state = status;
  }
}
