// Group commit, like Roundtable's server/batches.py: commands arriving while a write + fdatasync
// is in flight queue up, and the next commit takes them all, so a crowd costs one fsync per
// batch. A command is acknowledged only once its batch is durable, then its events fan out.

import { open } from "node:fs/promises";

const MAX_BATCH = 500; // the same bound as Roundtable's: the last command in a batch waits for all

/**
 * @typedef {{event: object, concerns: string | null}} Decided
 * @typedef {{decide: () => Decided[], resolve: (seq: number, mine: any[]) => void,
 *   reject: (error: any) => void}} Pending
 */

export class Writer {
  /**
   * @param {import("./journal.js").Journal} journal
   * @param {(entries: import("./journal.js").Entry[]) => void} publish fans a durable batch out
   */
  constructor(journal, publish) {
    this.journal = journal;
    this.publish = publish;
    /** @type {Pending[]} */
    this.queue = [];
    this.busy = false;
    this.file = null;
  }

  /** @param {string} path the append-only log file */
  async open(path) {
    this.file = await open(path, "a");
    return this;
  }

  /**
   * Queue one command. `decide` runs in turn with the rest of its batch against the state its
   * predecessors left (it applies its own events to the state), or throws a refusal.
   * @param {() => Decided[]} decide
   * @returns {Promise<{seq: number, entries: any[]}>}
   */
  submit(decide) {
    return new Promise((resolve, reject) => {
      this.queue.push({ decide, resolve: (seq, entries) => resolve({ seq, entries }), reject });
      if (!this.busy) void this.drain();
    });
  }

  async drain() {
    this.busy = true;
    try {
      while (this.queue.length > 0) await this.commit(this.queue.splice(0, MAX_BATCH));
    } finally {
      this.busy = false;
    }
  }

  /** @param {Pending[]} batch */
  async commit(batch) {
    const decided = [];
    const counts = batch.map((p) => {
      try {
        const events = p.decide();
        decided.push(...events);
        return events.length;
      } catch (error) {
        p.reject(error);
        return -1;
      }
    });
    const base = this.journal.version;
    const entries = this.journal.prepare(decided);
    if (entries.length > 0) {
      await this.file.write(entries.map((e) => JSON.stringify(e.envelope)).join("\n") + "\n");
      await this.file.datasync();
      this.journal.commit(entries);
      this.publish(entries);
    }
    let at = 0;
    batch.forEach((p, i) => {
      if (counts[i] < 0) return;
      p.resolve(base + at + counts[i], entries.slice(at, at + counts[i]));
      at += counts[i];
    });
  }

  async close() {
    await this.file?.close();
  }
}
