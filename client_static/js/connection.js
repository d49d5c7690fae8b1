// The page's one socket: authenticate, keep the state in step with the session's log (gap rules
// of docs/protocol.md), estimate the server's clock, send commands with retries, heartbeat.
//
// It reports through DOM CustomEvents on `target` (the document by default), never by throwing:
//   roundtable:state    {state, me, last, live}     after events were applied (coalesced)
//   roundtable:event    {event, seq, live}          for each applied event (live: a broadcast)
//   roundtable:status   {status}                    "connecting" | "connected" | "reconnecting" | "refused"
//   roundtable:error    {code, message, field, type} a refused command or connection
//   roundtable:presence {links}                     who is connected (watchers)

// The socket.io client's ES module build (the same library as the classic bundle, 6 KB lighter,
// and no global): a phone's first visit stays within its weight budget.
import { io } from "/vendor/socket.io.esm.min.js";
import { GAP_GRACE_MS, drain, jittered, retryDelay } from "./catch-up.js";
import { pulse } from "./heartbeat.js";
import { SEES_EVERY_EVENT } from "./protocol.js";
import { newCommandId, refusalOf, requester } from "./requests.js";
import { serverClock } from "./server-clock.js";
import { apply, initialState } from "./state.js";

/**
 * @typedef {{token: string} | {code: string}} Auth
 * @typedef {import("./protocol-types.js").Me} Me
 * @typedef {import("./protocol-types.js").EventEnvelope} Envelope
 * @typedef {import("./requests.js").Ack} Ack
 * @typedef {import("./protocol-types.js").CommandType} CommandType
 * @typedef {"connecting" | "connected" | "reconnecting" | "refused"} Status
 */

/** @type {ReadonlySet<string>} */
const WATCHERS = new Set(SEES_EVERY_EVENT); // they expect every sequence number (catch-up.js)
const TRACKED = new Set(["facilitator", "hub"]); // the moderator watches their link (presence)
const SOON_MS = 500;

export { newCommandId };

/**
 * @param {Auth} auth
 * @param {{target?: EventTarget, url?: string, restore?: Promise<import("./outbox.js").Kept | null>}} [options]
 */
export function connect(auth, { target = document, url, restore } = {}) {
  // Polling first, then WebSocket where allowed; a retry swaps which comes first.
  const socket = io(url, { auth, transports: ["polling", "websocket"], tryAllTransports: true, reconnectionDelayMax: 5000 });
  const order = ["polling", "websocket"];
  socket.io.on("reconnect_attempt", (/** @type {number} */ n) => (socket.io.opts.transports = n % 2 ? [...order].reverse() : order));

  let state = initialState();
  let last = 0;
  /** @type {Me | null} */
  let me = null;
  let syncing = false;
  let syncAgain = false;
  let failures = 0; // syncs that failed in a row: the next waits longer (catch-up.js)
  let epoch = 0; // bumped by reload(): a sync answered for an older epoch is dropped
  /** @type {Envelope[]} */
  let held = []; // received but not yet applicable: during a sync, or after a gap
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let gapCheck;
  const clock = serverClock();
  const { request, command } = requester(socket);
  /** @type {Array<{seq: number, resolve: () => void}>} */
  let waiting = [];
  let notifyScheduled = false;
  let liveBatch = false;

  /** @param {string} name @param {object} detail */
  const emit = (name, detail) => target.dispatchEvent(new CustomEvent(`roundtable:${name}`, { detail }));
  /** @param {Status} status */
  const status = (status) => emit("status", { status });
  const watcher = () => me !== null && WATCHERS.has(me.role);

  const notify = () => {
    if (notifyScheduled) return;
    notifyScheduled = true;
    queueMicrotask(() => {
      notifyScheduled = false;
      const live = liveBatch;
      liveBatch = false;
      emit("state", { state, me, last, live });
      const ready = waiting.filter((w) => w.seq <= last);
      waiting = waiting.filter((w) => w.seq > last);
      for (const w of ready) w.resolve();
    });
  };

  const restored = Promise.resolve(restore).then((kept) => kept && !me && (({ state, last, me } = kept), notify()), () => {});

  /** @param {Envelope} envelope @param {boolean} live */
  const applyOne = (envelope, live) => {
    state = apply(state, envelope.event);
    last = envelope.seq;
    liveBatch = liveBatch || live;
    emit("event", { event: envelope.event, seq: envelope.seq, live });
  };

  /** Apply what follows on from `last`; a gap the next messages do not fill means a sync. */
  const drainHeld = () => {
    if (syncing || me === null || held.length === 0) return;
    const taken = drain(held, last, watcher());
    held = taken.held;
    for (const envelope of taken.ready) applyOne(envelope, true);
    if (taken.ready.length > 0) notify();
    if (held.length > 0 && gapCheck === undefined) {
      gapCheck = setTimeout(() => {
        gapCheck = undefined;
        if (held.length > 0) void sync();
      }, jittered(GAP_GRACE_MS));
    }
  };

  /** The server sends a tick's events for this page as one message, in order. @param {Envelope[]} envelopes */
  const receive = (envelopes) => {
    held.push(...envelopes);
    drainHeld();
  };

  /**
   * Ask for everything after `last`, apply it, then what arrived meanwhile.
   * @returns {Promise<void>}
   */
  const sync = async () => {
    if (syncing) {
      syncAgain = true;
      return;
    }
    syncing = true;
    try {
      do {
        syncAgain = false;
        const asked = epoch;
        const ack = await request("sync", { after: last });
        if (asked !== epoch) {
          syncAgain = true;
          continue;
        }
        if (!ack || !ack.ok) {
          if (ack) emit("error", { code: ack.code, message: ack.message, field: ack.field ?? null, type: "sync" });
          failures += 1;
          if (socket.connected) {
            syncAgain = true;
            await new Promise((r) => setTimeout(r, retryDelay(failures)));
          }
          continue;
        }
        failures = 0;
        if (ack.reset || ack.head < last || (me && me.session_id !== ack.me.session_id)) {
          state = initialState(); // from these events (reset), or from 0 (another log)
          last = 0;
          held = [];
          if (!ack.reset) {
            syncAgain = true;
            continue;
          }
        }
        me = ack.me;
        for (const envelope of /** @type {Envelope[]} */ (ack.events)) {
          if (envelope.seq > last) applyOne(envelope, false);
        }
        // Nothing this page may see is missing up to `head`: the reply is complete to there.
        if (!watcher() || ack.events.length === 0) last = Math.max(last, ack.head);
        else if (last < ack.head) syncAgain = true; // a page of a longer log
        notify();
      } while (syncAgain && socket.connected);
    } finally {
      syncing = false;
    }
    drainHeld();
  };

  const heartbeat = pulse({
    request,
    clock,
    connected: () => socket.connected,
    tracked: () => me !== null && TRACKED.has(me.role),
    last: () => last,
    sampled: notify,
    behind: () => void sync(),
  });

  socket.on("connect", async () => {
    await restored;
    status("connected");
    void sync();
    await heartbeat.start();
  });
  socket.on("presence", (/** @type {import("./protocol-types.js").PresenceUpdate} */ data) => emit("presence", data));
  socket.on("disconnect", () => status("reconnecting"));
  socket.on("connect_error", (err) => {
    if (socket.active) return status("reconnecting");
    // Refused by the server (bad token or code): socket.io does not retry this by itself.
    status("refused");
    emit("error", { ...refusalOf(err), field: null, type: "connect" });
  });
  socket.on("events", receive);
  status("connecting");

  return {
    get state() {
      return state;
    },
    get me() {
      return me;
    },
    get last() {
      return last;
    },
    get connected() {
      return /** @type {boolean} */ (socket.connected);
    },
    /** The server's ms clock, estimated. */
    serverNow: clock.now,

    /**
     * Send a command and resolve to its ack. A retry after a timeout carries the same
     * command_id, so the server applies it once. A refusal also goes out as roundtable:error.
     * @template {CommandType} T
     * @param {T} type
     * @param {import("./protocol-types.js").CommandFields<T>} fields
     * @returns {Promise<Ack>}
     */
    async send(type, fields) {
      const ack = await command(type, fields);
      if (ack.ok === false) emit("error", { code: ack.code, message: ack.message, field: ack.field ?? null, type });
      return ack;
    },

    call: request, // once; null without an answer in time

    /** Entries queued, not yet acknowledged (for the heartbeat). @param {number} n */
    setUnsent(n) {
      heartbeat.setUnsent(n);
    },

    /** The moderator's links (join, screen, facilitators, hubs); null without an answer. */
    links: () => request("links", {}),

    /**
     * Resolves once this page has applied the log up to `seq` (e.g. an ack's seq).
     * @param {number} seq
     * @returns {Promise<void>}
     */
    whenApplied(seq) {
      if (last >= seq) return Promise.resolve();
      // maybe another's private event, never received here: sync past it
      if (me && !WATCHERS.has(me.role)) setTimeout(() => last < seq && void sync(), SOON_MS);
      return new Promise((resolve) => waiting.push({ seq, resolve }));
    },

    /** Switch the credentials used from the next (re)connection on, e.g. after Join. @param {Auth} next */
    setAuth(next) {
      socket.auth = next;
    },

    /**
     * Start again from an empty state and the whole visible log, e.g. after Join turned this
     * guest socket into a participant (who may now see events the guest could not).
     */
    reload() {
      epoch += 1;
      state = initialState();
      last = 0;
      held = [];
      return sync();
    },

    /** Try again after a refusal (socket.io does not retry a refused handshake by itself). */
    reconnect() {
      status("connecting");
      socket.connect();
    },

    close() {
      heartbeat.stop();
      clearTimeout(gapCheck);
      socket.close();
    },
  };
}

/** @typedef {ReturnType<typeof connect>} Connection */
