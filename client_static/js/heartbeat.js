// The page's pulse (docs/protocol.md): clock samples on connecting, then a heartbeat every 10 s
// from a facilitator tablet or a hub (the moderator watches their link), every 30 s from other
// pages, and soon after the outbox's count changes. Each ack is a clock sample, and names the
// newest event the server sent this page: when that is ahead, the live stream gets a moment to
// bring it before the page asks for a sync (catch-up.js).

import { HEAD_GRACE_MS, jittered } from "./catch-up.js";

const CLOCK_SAMPLES_ON_CONNECT = 3; // several round trips: keep the quickest; heartbeats add more
const HEARTBEAT_TRACKED_MS = 10_000; // protocol.md: tablets and hubs report their link often
const HEARTBEAT_MS = 30_000; // protocol.md: every other page only needs a clock sample and head
const SOON_MS = 500;

/**
 * @typedef {object} PulseOptions
 * @property {ReturnType<typeof import("./requests.js").requester>["request"]} request
 * @property {ReturnType<typeof import("./server-clock.js").serverClock>} clock
 * @property {() => boolean} connected
 * @property {() => boolean} tracked whether the moderator watches this page's link
 * @property {() => number} last the last sequence number the page applied
 * @property {() => void} sampled a clock sample was taken
 * @property {() => void} behind the server has sent events this page still lacks
 */

/** @param {PulseOptions} options */
export function pulse({ request, clock, connected, tracked, last, sampled, behind }) {
  /** @type {number | null} */
  let rtt = null;
  let unsent = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let soon;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let headCheck;

  const beat = async () => {
    clearTimeout(soon);
    soon = undefined;
    clearTimeout(timer);
    timer = setTimeout(beat, tracked() ? HEARTBEAT_TRACKED_MS : HEARTBEAT_MS);
    if (!connected()) return;
    const t = Date.now();
    const ack = await request("heartbeat", { seq: last(), rtt_ms: rtt, unsent, t });
    if (!ack?.ok) return;
    rtt = Date.now() - t;
    if (clock.sample(t, ack)) sampled();
    const head = Number(ack.head);
    if (head > last() && headCheck === undefined) {
      headCheck = setTimeout(() => {
        headCheck = undefined;
        if (head > last()) behind();
      }, jittered(HEAD_GRACE_MS));
    }
  };

  return {
    /** On (re)connecting: a few clock samples, then the heartbeats. */
    async start() {
      for (let i = 0; i < CLOCK_SAMPLES_ON_CONNECT && connected(); i += 1) {
        const t = Date.now();
        if (clock.sample(t, await request("clock", { t }))) sampled();
      }
      rtt = clock.bestRtt() ?? rtt;
      void beat();
    },

    /** Entries queued, not yet acknowledged: a change is reported soon. @param {number} n */
    setUnsent(n) {
      if (n !== unsent) soon ??= setTimeout(beat, SOON_MS);
      unsent = n;
    },

    stop() {
      clearTimeout(timer);
      clearTimeout(soon);
      clearTimeout(headCheck);
    },
  };
}
