// Who received what, when: each TakePosition at every watcher and at its writer, and each
// Broadcast at every client. Times are performance.now() in this one process.
//
// A PositionTaken is matched to its write by participant id + a per-participant counter: the
// k-th PositionTaken of participant p that a subscriber applies is p's k-th accepted write
// (one participant's events arrive in order, and a page applies each seq once).

import { summary } from "./stats.js";

export class Writes {
  /** @param {number} watchers how many watcher pages (indices 0 .. watchers - 1) */
  constructor(watchers) {
    this.watchers = watchers;
    this.subscribers = watchers + 1; // the watchers and the writer
    this.byWriter = new Map(); // participant id -> [record of its k-th write]
    this.seen = Array.from({ length: watchers }, () => new Map()); // watcher -> pid -> count
    this.ownSeen = new Map();
    this.records = [];
    this.open = false;
  }

  /** A write about to be sent; its record, to be completed by acked(). */
  sent(pid, now) {
    const list = this.byWriter.get(pid) ?? this.byWriter.set(pid, []).get(pid);
    const record = { pid, sent: now, ack: null, ok: null, timedOut: false, got: new Uint8Array(this.subscribers), n: 0, done: null };
    list.push(record);
    this.records.push(record);
    return record;
  }

  /**
   * The ack came, or every attempt timed out. A refused write produced no event, so it leaves
   * the per-writer sequence; one that timed out may still have been committed: it stays.
   */
  acked(record, ack, now) {
    record.ok = ack.ok;
    if (ack.code === "timeout") return void (record.timedOut = true);
    record.ack = now - record.sent;
    if (!ack.ok) {
      const list = this.byWriter.get(record.pid);
      list.splice(list.indexOf(record), 1);
      this.records.splice(this.records.indexOf(record), 1);
    }
  }

  /** A PositionTaken applied by a watcher (index) or by its writer (index === watchers). */
  delivered(index, pid, now) {
    if (!this.open) return;
    const counts = index < this.watchers ? this.seen[index] : this.ownSeen;
    const k = (counts.get(pid) ?? 0) + 1;
    counts.set(pid, k);
    const record = this.byWriter.get(pid)?.[k - 1];
    if (!record || record.got[index]) return;
    record.got[index] = 1;
    record.n += 1;
    if (record.n === this.subscribers) record.done = now - record.sent;
  }

  outstanding() {
    return this.records.some((r) => r.done === null);
  }

  /** Over the writes sent in [from, to) (all by default). */
  report(from = -Infinity, to = Infinity) {
    const mine = this.records.filter((r) => r.sent >= from && r.sent < to);
    const acked = mine.filter((r) => r.ack !== null).map((r) => r.ack);
    const done = mine.filter((r) => r.done !== null).map((r) => r.done);
    const pairs = mine.reduce((sum, r) => sum + r.n, 0);
    return {
      writes: mine.length,
      unacked: mine.filter((r) => r.ack === null).length, // every attempt timed out, or still waiting
      ack: summary(acked),
      all: summary(done),
      delivered_pairs: pairs,
      expected_pairs: mine.length * this.subscribers,
    };
  }
}

export class Broadcasts {
  constructor() {
    this.byText = new Map();
    this.clients = 0;
    this.open = false;
  }

  /** @param {number} clients how many pages should receive it */
  sent(text, now, clients) {
    this.clients = clients;
    this.byText.set(text, { sent: now, n: 0, expected: clients, done: null, pairs: [] });
  }

  delivered(text, now) {
    const record = this.open ? this.byText.get(text) : undefined;
    if (!record) return;
    record.n += 1;
    record.pairs.push(now - record.sent);
    if (record.n === record.expected) record.done = now - record.sent;
  }

  outstanding() {
    return [...this.byText.values()].some((r) => r.done === null);
  }

  report() {
    const records = [...this.byText.values()];
    return {
      broadcasts: records.length,
      all: summary(records.filter((r) => r.done !== null).map((r) => r.done)),
      pair: summary(records.flatMap((r) => r.pairs)),
      delivered_pairs: records.reduce((sum, r) => sum + r.n, 0),
      expected_pairs: records.reduce((sum, r) => sum + r.expected, 0),
    };
  }
}
