// How a page keeps in step with the session's log without flooding the server: the rules of
// docs/protocol.md ("Staying in sync") as pure functions, so they can be tested under node.
//
// A page that is merely behind waits for the live stream; it asks for a `sync` only on a real
// gap that the next messages did not fill, and retries with a growing, jittered delay. At a
// 2,000-person meeting a sync for every slow delivery turned into a storm that fed itself.

/** @typedef {{seq: number, prev: number, event: any}} Envelope */

export const GAP_GRACE_MS = 300; // an out-of-order envelope may be followed by the one it needs
export const HEAD_GRACE_MS = 3_000; // a heartbeat's head may be ahead of what is still in flight
export const RETRY_FIRST_MS = 1_000;
export const RETRY_MAX_MS = 30_000;

/**
 * Whether `envelope` follows on from `last` for this page. Watchers see every event, so they
 * expect the next number; others skip what they were never meant to see (`prev`).
 * @param {Envelope} envelope @param {number} last @param {boolean} watcher
 */
export function follows(envelope, last, watcher) {
  return watcher ? envelope.seq === last + 1 : envelope.prev <= last;
}

/**
 * Take what can be applied from `held` (any order, any duplicates) at `last`.
 * @param {Envelope[]} held @param {number} last @param {boolean} watcher
 * @returns {{ready: Envelope[], held: Envelope[], duplicates: number, last: number}}
 */
export function drain(held, last, watcher) {
  const sorted = [...held].sort((a, b) => a.seq - b.seq);
  /** @type {Envelope[]} */
  const ready = [];
  /** @type {Envelope[]} */
  const waiting = [];
  let duplicates = 0;
  for (const envelope of sorted) {
    if (envelope.seq <= last) duplicates += 1;
    else if (waiting.length === 0 && follows(envelope, last, watcher)) {
      ready.push(envelope);
      last = envelope.seq;
    } else waiting.push(envelope);
  }
  return { ready, held: waiting, duplicates, last };
}

/**
 * `ms` plus up to half again, so that pages that lost the same message do not ask together.
 * @param {number} ms @param {() => number} [random]
 */
export function jittered(ms, random = Math.random) {
  return Math.round(ms * (1 + random() / 2));
}

/**
 * The wait before the next attempt after `failures` failed syncs in a row.
 * @param {number} failures @param {() => number} [random]
 */
export function retryDelay(failures, random = Math.random) {
  return jittered(Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1)), random);
}
