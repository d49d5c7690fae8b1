// Where the outbox and the page's last state live on the device: IndexedDB (it survives a
// reload and a browser restart), or memory for this visit where IndexedDB is refused (some
// private modes). The queue's writes are durable ("strict") before they count as queued.

const DB_NAME = "roundtable";
const DB_VERSION = 1;
const QUEUE = "outbox";
const SNAPSHOTS = "snapshots";
const SAVE_STATE_MS = 500; // the kept state is written at most twice a second
const STATE_VERSION = 2; // bump when the State's shape changes: a state kept by older code is dropped

/** @import { Command } from "./protocol-types.js" */
/**
 * @typedef {{n?: number, queue: string, command: Command, label: string, queued_at_ms: number}} Entry
 * @typedef {{state: import("./state.js").State, last: number, me: import("./connection.js").Me}} Kept
 *   a page's state as kept on the device: shown at once on the next visit, synced from `last`
 */

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
export async function readQueue(queue) {
  if (!(await database())) return memory.entries.filter((e) => e.queue === queue);
  return transact(QUEUE, "readonly", (s) => s.index("queue").getAll(queue)); // in key order: queued order
}

/** @param {Entry} entry */
export async function addEntry(entry) {
  if (!(await database())) return void memory.entries.push({ ...entry, n: memory.next++ });
  await transact(QUEUE, "readwrite", (s) => s.add(entry));
}

/** @param {number} n */
export async function removeEntry(n) {
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
