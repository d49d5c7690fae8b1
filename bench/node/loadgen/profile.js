// How the pages keep a connection alive and in step: the ONE place to change when the pages'
// liveness changes. `v2` is what client_static/js/connection.js and heartbeat.js do today
// (docs/protocol.md, "Staying in sync"); `v1` is the pages before that redesign. Pick with
// `--profile v1|v2` (default v2).

const ROLES = ["moderator", "screen", "facilitator", "participant", "hub"];
const every = (ms) => Object.fromEntries(ROLES.map((r) => [r, ms]));

export const pageProfiles = {
  v1: {
    // connection.js: polling first, then WebSocket where allowed
    transports: ["polling", "websocket"],
    heartbeatMs: every(10_000), // HEARTBEAT_MS, every page
    heartbeatCarriesClock: false, // heartbeat {seq, rtt_ms, unsent}; ack {ok, head, now}
    clockOnConnect: 5, // CLOCK_SAMPLES_ON_CONNECT, one after another
    clockEveryMs: 30_000, // CLOCK_RESAMPLE_MS
    heartbeatSync: { graceMs: 0, jitterMs: 0 }, // ack.head > last: sync at once
    ackTimeoutMs: 5_000, // ACK_TIMEOUT_MS
    sendAttempts: 6, // SEND_ATTEMPTS: a command is retried with the same command_id
  },
  v2: {
    transports: ["polling", "websocket"],
    // phones, the screen and the moderator beat every 30 s; facilitators and hubs every 10 s
    heartbeatMs: { ...every(30_000), facilitator: 10_000, hub: 10_000 },
    heartbeatCarriesClock: true, // heartbeat also sends {t}; its ack's `now` is a clock sample
    clockOnConnect: 3,
    clockEveryMs: null, // the heartbeat's clock sample replaces the periodic clock call
    // ack.head > last: wait ~3 s (plus jitter) and sync only if `last` is still below that head
    heartbeatSync: { graceMs: 3_000, jitterMs: 1_500 }, // catch-up.js: HEAD_GRACE_MS, jittered
    ackTimeoutMs: 5_000,
    sendAttempts: 6,
  },
};

/** @param {string} name */
export function pageProfile(name) {
  const profile = pageProfiles[name];
  if (!profile) throw new Error(`unknown page profile ${name}: ${Object.keys(pageProfiles).join(", ")}`);
  return profile;
}
