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

import { commandOf } from "./requests.js";
import { fill, h } from "./dom.js";

const DB_NAME = "roundtable";
const DB_VERSION = 1;
const QUEUE = "outbox";
const SNAPSHOTS = "snapshots";
const RETRY_MS = 2000; // no ack although the socket is up (a slow link): resend, same command_id
const RATE_LIMITED_MS = 1500; // the server's bucket refills at 10 a second: a short wait is enough
const KICK_MS = 15_000; // a periodic look at the queue, in case a wake-up was missed
const COMMAND_TIMEOUT_MS = 10_000; // on a slow link an ack can take seconds: wait before resending
const SAVE_STATE_MS = 500; // the kept state is written at most twice a second
const STATE_VERSION = 1; // bump when the State's shape changes: a state kept by older code is dropped

/**
 * @typedef {import("./protocol-types.js").Command} Command
 * @typedef {{n?: number, queue: string, command: Command, label: string, queued_at_ms: number}} Entry
 * @typedef {import("./connection.js").Ack} Ack
 * @typedef {{state: import("./state.js").State, last: number, me: import("./connection.js").Me}} Kept
 *   a page's state as kept on the device: shown at once on the next visit, synced from `last`
 */

/** @type {Promise<IDBDatabase | null> | null} */
let opened = null;
/** Where entries live when IndexedDB is not available (some private modes): this visit only. */
/** @type {{next: number, entries: Entry[], snapshots: Map<string, any>}} */
const memory = { next: 1, entries: [], snapshots: new Map() };

/** @returns {Promise<IDBDatabase | null>} */
function database() {
  opened ??= new Promise((resolve) => {
    try {
      const request = indexedDB.open(DB_NAME, DB_VERSION);
      request.onupgradeneeded = () => {
        const db = request.result;
        db.createObjectStore(QUEUE, { keyPath: "n", autoIncrement: true }).createIndex("queue", "queue");
        db.createObjectStore(SNAPSHOTS, { keyPath: "key" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => resolve(null);
      request.onblocked = () => resolve(null);
    } catch {
      resolve(null);
    }
  });
  return opened;
}

/**
 * One transaction; resolves once it is committed (durably, for the queue) with `fn`'s request result.
 * @template T
 * @param {string} name
 * @param {IDBTransactionMode} mode
 * @param {(store: IDBObjectStore) => IDBRequest<T>} fn
 * @returns {Promise<T>}
 */
async function transact(name, mode, fn) {
  const db = /** @type {IDBDatabase} */ (await database());
  const tx = db.transaction(name, mode, { durability: name === QUEUE ? "strict" : "relaxed" });
  const request = fn(tx.objectStore(name));
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = tx.onabort = () => reject(tx.error);
  });
  return request.result;
}

/** @param {string} queue @returns {Promise<Entry[]>} */
async function readQueue(queue) {
  if (!(await database())) return memory.entries.filter((e) => e.queue === queue);
  return transact(QUEUE, "readonly", (s) => s.index("queue").getAll(queue)); // in key order: queued order
}

/** @param {Entry} entry */
async function addEntry(entry) {
  if (!(await database())) return void memory.entries.push({ ...entry, n: memory.next++ });
  await transact(QUEUE, "readwrite", (s) => s.add(entry));
}

/** @param {number} n */
async function removeEntry(n) {
  if (!(await database())) return void (memory.entries = memory.entries.filter((e) => e.n !== n));
  await transact(QUEUE, "readwrite", (s) => s.delete(n));
}

/**
 * The state this page kept under `key` (its token), for `startPage({restore})`; from then on the
 * page's state is kept again after every change (at most twice a second).
 * @param {string} key
 * @returns {Promise<Kept | null>}
 */
export function keptState(key) {
  /** @type {Kept | null} */
  let latest = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const save = async () => {
    timer = undefined;
    const snapshot = { v: STATE_VERSION, ...latest };
    if (!(await database())) return void memory.snapshots.set(key, snapshot);
    await transact(SNAPSHOTS, "readwrite", (s) => s.put({ key, snapshot })).catch(() => {});
  };
  document.addEventListener("roundtable:state", (e) => {
    const { state, last, me } = /** @type {CustomEvent} */ (e).detail;
    if (!me) return;
    latest = { state, last, me };
    timer ??= setTimeout(save, SAVE_STATE_MS);
  });
  const load = async () => {
    const record = (await database())
      ? (await transact(SNAPSHOTS, "readonly", (s) => s.get(key)))?.snapshot
      : memory.snapshots.get(key);
    if (!record || record.v !== STATE_VERSION) return null;
    return { state: record.state, last: record.last, me: record.me };
  };
  return load().catch(() => null);
}

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
        const locks = /** @type {any} */ (navigator).locks;
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

/** @typedef {ReturnType<typeof openOutbox>} Outbox */
