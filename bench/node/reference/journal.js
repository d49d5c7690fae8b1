// The session's log as Roundtable's server/journal.py keeps it: gap-free sequence numbers, and
// for each event the `prev` its audience saw (public events, or one participant's private ones),
// so a participant's page can tell a real gap from events it was never meant to receive.

const WATCHERS = new Set(["moderator", "screen", "facilitator"]);

/** @typedef {{seq: number, prev: number, event: object}} Envelope */
/** @typedef {{envelope: Envelope, concerns: string | null}} Entry */

export class Journal {
  constructor() {
    /** @type {Entry[]} */
    this.entries = [];
    this.lastPublic = 0;
    /** @type {Map<string, number>} */
    this.lastOwn = new Map();
  }

  get version() {
    return this.entries.length;
  }

  /**
   * Number a batch without publishing it: the entries become visible only in commit(), after
   * the batch is durable, as Roundtable adds to its journal only after the store's commit.
   * @param {{event: object, concerns: string | null}[]} decided
   * @returns {Entry[]}
   */
  prepare(decided) {
    let seq = this.version;
    let lastPublic = this.lastPublic;
    const own = new Map();
    return decided.map(({ event, concerns }) => {
      seq += 1;
      let prev;
      if (concerns === null) {
        prev = lastPublic;
        lastPublic = seq;
      } else {
        prev = Math.max(lastPublic, own.get(concerns) ?? this.lastOwn.get(concerns) ?? 0);
        own.set(concerns, seq);
      }
      return { envelope: { seq, prev, event }, concerns };
    });
  }

  /** @param {Entry[]} entries numbered by prepare() against the current version */
  commit(entries) {
    for (const entry of entries) {
      this.entries.push(entry);
      if (entry.concerns === null) this.lastPublic = entry.envelope.seq;
      else this.lastOwn.set(entry.concerns, entry.envelope.seq);
    }
  }

  /** The newest event this actor's connection should have received. */
  lastVisible(actor) {
    if (WATCHERS.has(actor.role)) return this.version;
    return Math.max(this.lastPublic, this.lastOwn.get(actor.participantId ?? "") ?? 0);
  }

  /** Exactly the events after `after` that this actor's connection receives live. */
  visibleAfter(after, actor) {
    const tail = this.entries.slice(Math.max(after, 0));
    const own = actor.participantId;
    const seen = WATCHERS.has(actor.role) ? tail : tail.filter((e) => e.concerns === null || e.concerns === own);
    return seen.map((e) => e.envelope);
  }
}

export const isWatcher = (role) => WATCHERS.has(role);
