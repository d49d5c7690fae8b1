// Entries that must never be lost (a facilitator's flip-chart outcome, a hub's block positions,
// its head count, hand, messages) go through this queue, kept in IndexedDB: it survives a reload
// and a browser restart. An entry gets its command_id when it is queued and keeps it, so a resend
// after a lost ack is applied once by the server; entries go strictly in order, the next only
// after the previous one's ack. A refusal (e.g. `stale`: the round had ended) takes the entry out
// of the queue and is reported; a network failure keeps it. The same database keeps the page's
// last state (`keptState`), so a reload shows it at once, offline too, and resumes from its seq.
//
// Reports on `target` (the document by default):
//   roundtable:outbox   {count, entries, sending}  the queue changed (sending: a command_id or null)
//   roundtable:settled  {entry, ack}               an entry was acknowledged (ack.ok) or refused
// Where the entries are kept: outbox-store.js; how the page shows them: queue-panel.js.

import { addEntry, readQueue, removeEntry } from "./outbox-store.js";
import { commandOf } from "./requests.js";

export { keptState } from "./outbox-store.js";

const RETRY_MS = 2000; // no ack although the socket is up (a slow link): resend, same command_id
const RATE_LIMITED_MS = 1500; // the server's bucket refills at 10 a second: a short wait is enough
const KICK_MS = 15_000; // a periodic look at the queue, in case a wake-up was missed
const COMMAND_TIMEOUT_MS = 10_000; // on a slow link an ack can take seconds: wait before resending

/** @typedef {import("./outbox-store.js").Entry} Entry */
/** @typedef {import("./outbox-store.js").Kept} Kept */
/** @typedef {import("./connection.js").Ack} Ack */

/** @param {number} ms */
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The queue of one device (its token), sent over `conn` whenever the link is up.
 * @param {string} queue
 * @param {import("./connection.js").Connection} conn
 * @param {{target?: EventTarget}} [options]
 */
export function openOutbox(queue, conn, { target = document } = {}) {
  /** @type {Entry[]} */
  let entries = [];
  /** @type {string | null} */
  let sending = null;
  let pumping = false;
  /** @type {Map<string, Array<(ack: Ack) => void>>} */
  const waiting = new Map();
  // Another tab of the same device (the same token) shares the queue: one sends at a time.
  const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("roundtable-outbox") : null;

  /** @param {string} name @param {object} detail */
  const emit = (name, detail) => target.dispatchEvent(new CustomEvent(`roundtable:${name}`, { detail }));

  const changed = async () => {
    entries = await readQueue(queue).catch(() => entries);
    conn.setUnsent(entries.length);
    showCount(entries.length);
    emit("outbox", { count: entries.length, entries, sending });
  };

  /** @param {Entry} entry @param {Ack} ack */
  const settle = (entry, ack) => {
    emit("settled", { entry, ack });
    for (const resolve of waiting.get(entry.command.command_id) ?? []) resolve(ack);
    waiting.delete(entry.command.command_id);
  };

  /** Send the oldest entry once. @returns {Promise<"empty" | "done" | "retry" | "later">} */
  const step = async () => {
    const [entry] = await readQueue(queue);
    if (!entry || entry.n === undefined) return "empty";
    sending = entry.command.command_id;
    emit("outbox", { count: entries.length, entries, sending });
    const ack = conn.connected ? await conn.call("command", entry.command, COMMAND_TIMEOUT_MS) : null;
    if (ack === null) return "retry"; // the link failed or the ack was lost: keep it, same id
    // Not taken, nothing changed: the server asks to be asked again (too fast; its store is
    // down). The entry stays, first in line, with the same id.
    if (!ack.ok && (ack.code === "rate_limited" || ack.code === "unavailable")) return "later";
    await removeEntry(entry.n);
    channel?.postMessage(queue);
    settle(entry, ack);
    return "done";
  };

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (conn.connected) {
        // Web Locks are missing in some browsers (the types say they never are).
        const locks = "locks" in navigator ? navigator.locks : null;
        const result = locks ? await locks.request(`roundtable-outbox:${queue}`, step) : await step();
        sending = null;
        await changed();
        if (result === "empty") break;
        if (result === "retry") await sleep(RETRY_MS);
        if (result === "later") await sleep(RATE_LIMITED_MS);
      }
    } catch {
      // IndexedDB failed under us (storage full, a browser quirk): the next wake-up tries again.
    } finally {
      pumping = false;
      sending = null;
    }
  };

  target.addEventListener("roundtable:status", (e) => {
    if (/** @type {CustomEvent} */ (e).detail.status === "connected") void pump();
  });
  channel?.addEventListener("message", (e) => {
    if (e.data === queue) void changed().then(pump);
  });
  setInterval(() => void pump(), KICK_MS);
  void changed().then(pump);

  return {
    /** Entries not yet acknowledged, oldest first. */
    get entries() {
      return entries;
    },
    /** The command_id being sent now, if any. */
    get sending() {
      return sending;
    },

    /**
     * Queue a command; resolves once it is stored (durable), with its entry.
     * @template {import("./protocol-types.js").CommandType} T
     * @param {T} type
     * @param {import("./protocol-types.js").CommandFields<T>} fields
     * @param {string} label what the person would call it ("Outcome on point 2")
     * @returns {Promise<Entry>}
     */
    async add(type, fields, label) {
      /** @type {Entry} */
      const entry = { queue, command: commandOf(type, fields), label, queued_at_ms: Date.now() };
      await addEntry(entry);
      channel?.postMessage(queue);
      await changed();
      void pump();
      return entry;
    },

    /**
     * The ack of a queued entry, or null when it has not come within `ms` (it stays queued).
     * @param {string} commandId
     * @param {number} ms
     * @returns {Promise<Ack | null>}
     */
    settled(commandId, ms) {
      return new Promise((resolve) => {
        const list = waiting.get(commandId) ?? [];
        waiting.set(commandId, [...list, resolve]);
        setTimeout(() => resolve(null), ms);
      });
    },
  };
}

/**
 * "3 not yet sent" in every `[data-role=unsent]` element (`data-count` carries the number).
 * @param {number} count
 */
function showCount(count) {
  for (const el of document.querySelectorAll("[data-role=unsent]")) {
    const node = /** @type {HTMLElement} */ (el);
    const text = count === 0 ? "All sent" : `${count} not yet sent`;
    if (node.textContent !== text) node.textContent = text;
    node.dataset.count = String(count);
  }
}

/** @typedef {ReturnType<typeof openOutbox>} Outbox */
