// The page's one socket: authenticate, keep the state in step with the session's log (gap rules
// of docs/protocol.md), estimate the server's clock, send commands with retries, heartbeat.
//
// It reports through DOM CustomEvents on `target` (the document by default), never by throwing:
//   roundtable:state    {state, me, last, live}     after events were applied (coalesced)
//   roundtable:event    {event, seq, live}          for each applied event (live: a broadcast)
//   roundtable:status   {status}                    "connecting" | "connected" | "reconnecting" | "refused"
//   roundtable:error    {code, message, field, type} a refused command or connection
//   roundtable:presence {links}                     who is connected (watchers)

import { apply, initialState } from "./state.js";

/**
 * @typedef {{token: string} | {code: string}} Auth
 * @typedef {{role: string, session_id: string, participant_id: string | null,
 *   group_id: string | null}} Me
 * @typedef {{seq: number, prev: number, event: import("./state.js").Event}} Envelope
 * @typedef {{ok: true, seq: number, duplicate: boolean, result: Record<string, any>}} AckOk
 * @typedef {{ok: false, code: string, message: string, field: string | null}} AckError
 * @typedef {AckOk | AckError} Ack
 * @typedef {"connecting" | "connected" | "reconnecting" | "refused"} Status
 */

const ACK_TIMEOUT_MS = 5000; // a command's ack normally takes milliseconds; then retry
const SEND_ATTEMPTS = 6; // about 30 s of retries before telling the person it did not go through
const CLOCK_SAMPLES_ON_CONNECT = 5; // several round trips: keep the quickest
const CLOCK_RESAMPLE_MS = 30_000; // protocol.md: "then every 30 s"
const CLOCK_SAMPLES_KEPT = 10;
const WATCHERS = new Set(["moderator", "screen", "facilitator"]); // they see every event
const HEARTBEAT_MS = 10_000; // protocol.md
const SOON_MS = 500;

/** A client-made command id: 32 hex characters (crypto.randomUUID needs https; this does not). */
export function newCommandId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * @param {Auth} auth
 * @param {{target?: EventTarget, url?: string, restore?: Promise<import("./outbox.js").Kept | null>}} [options]
 */
export function connect(auth, { target = document, url, restore } = {}) {
  const io = /** @type {any} */ (globalThis).io;
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
  let epoch = 0; // bumped by reload(): a sync answered for an older epoch is dropped
  /** @type {Envelope[]} */
  let pending = [];
  let offset = 0;
  /** @type {{rtt: number, offset: number}[]} */
  let samples = [];
  /** @type {Array<{seq: number, resolve: () => void}>} */
  let waiting = [];
  let notifyScheduled = false;
  let liveBatch = false;
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let clockTimer;
  /** @type {number | null} */
  let rtt = null;
  let unsent = 0;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let beatSoon;

  /** @param {string} name @param {object} detail */
  const emit = (name, detail) => target.dispatchEvent(new CustomEvent(`roundtable:${name}`, { detail }));
  /** @param {Status} status */
  const status = (status) => emit("status", { status });

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

  /** @param {Envelope} envelope */
  const receive = (envelope) => {
    if (syncing || me === null) {
      pending.push(envelope);
      return;
    }
    if (envelope.seq <= last) return;
    const inOrder = WATCHERS.has(me.role) ? envelope.seq === last + 1 : envelope.prev <= last;
    if (inOrder) {
      applyOne(envelope, true);
      notify();
    } else {
      void sync();
    }
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
          if (socket.connected) syncAgain = true;
          if (syncAgain) await new Promise((r) => setTimeout(r, 1000));
          continue;
        }
        if (ack.reset || ack.head < last || (me && me.session_id !== ack.me.session_id)) {
          state = initialState(); // from these events (reset), or from 0 (another log)
          last = 0;
          if (!ack.reset) {
            syncAgain = true;
            continue;
          }
        }
        me = ack.me;
        for (const envelope of /** @type {Envelope[]} */ (ack.events)) {
          if (envelope.seq > last) applyOne(envelope, false);
        }
        if (me && WATCHERS.has(me.role)) {
          if (last < ack.head && ack.events.length > 0) syncAgain = true; // a page of a longer log
        } else {
          last = Math.max(last, ack.head); // nothing visible to this socket is missing up to head
        }
        notify();
      } while (syncAgain && socket.connected);
    } finally {
      syncing = false;
    }
    const queued = pending.sort((a, b) => a.seq - b.seq);
    pending = [];
    for (const envelope of queued) receive(envelope);
  };

  /**
   * emit with an ack and a timeout; null when the server did not answer in time.
   * @param {string} event
   * @param {object} payload
   * @param {number} [timeout]
   * @returns {Promise<any>}
   */
  const request = async (event, payload, timeout = ACK_TIMEOUT_MS) => {
    try {
      return await socket.timeout(timeout).emitWithAck(event, payload);
    } catch {
      return null;
    }
  };

  const sampleClock = async () => {
    const t = Date.now();
    const ack = await request("clock", { t });
    const received = Date.now();
    if (!ack || typeof ack.now !== "number") return;
    samples = [...samples, { rtt: received - t, offset: ack.now - (t + received) / 2 }].slice(-CLOCK_SAMPLES_KEPT);
    offset = samples.reduce((best, s) => (s.rtt < best.rtt ? s : best)).offset;
    notify();
  };

  /** Report the link; sync if behind. */
  const heartbeat = async () => {
    clearTimeout(beatSoon);
    beatSoon = undefined;
    const sent = Date.now();
    const ack = socket.connected && (await request("heartbeat", { seq: last, rtt_ms: rtt, unsent }));
    if (ack?.ok) rtt = Date.now() - sent;
    if (ack?.head > last) void sync();
  };

  socket.on("connect", async () => {
    await restored;
    status("connected");
    void sync();
    for (let i = 0; i < CLOCK_SAMPLES_ON_CONNECT && socket.connected; i += 1) await sampleClock();
    if (samples.length > 0) rtt = Math.round(Math.min(...samples.map((s) => s.rtt)));
    void heartbeat();
  });
  socket.on("presence", (/** @type {any} */ data) => emit("presence", data));
  socket.on("disconnect", () => status("reconnecting"));
  socket.on("connect_error", (/** @type {any} */ err) => {
    if (!socket.active) {
      // Refused by the server (bad token or code): socket.io does not retry this by itself.
      const data = err && typeof err.data === "object" && err.data !== null ? err.data : {};
      status("refused");
      emit("error", {
        code: typeof data.code === "string" ? data.code : "refused",
        message:
          typeof data.message === "string"
            ? data.message
            : "This link or code was not accepted. Check the code on the screen, or ask for a new link.",
        field: null,
        type: "connect",
      });
    } else {
      status("reconnecting");
    }
  });
  socket.on("event", receive);
  status("connecting");
  clockTimer = setInterval(() => {
    if (socket.connected) void sampleClock();
  }, CLOCK_RESAMPLE_MS);
  const beatTimer = setInterval(heartbeat, HEARTBEAT_MS);

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
    serverNow: () => Date.now() + offset,

    /**
     * Send a command and resolve to its ack. A retry after a timeout carries the same
     * command_id, so the server applies it once. A refusal also goes out as roundtable:error.
     * @param {string} type
     * @param {Record<string, any>} [fields]
     * @returns {Promise<Ack>}
     */
    async send(type, fields = {}) {
      const payload = { ...fields, type, command_id: newCommandId() };
      /** @type {Ack | null} */
      let ack = null;
      for (let attempt = 0; attempt < SEND_ATTEMPTS && ack === null; attempt += 1) {
        ack = await request("command", payload);
      }
      if (ack === null) {
        ack = {
          ok: false,
          code: "timeout",
          message: "The server did not answer. Check the connection and try again.",
          field: null,
        };
      }
      if (!ack.ok) emit("error", { code: ack.code, message: ack.message, field: ack.field ?? null, type });
      return ack;
    },

    call: request, // once; null without an answer in time

    /** Entries queued, not yet acknowledged (for the heartbeat). @param {number} n */
    setUnsent(n) {
      if (n !== unsent) beatSoon ??= setTimeout(heartbeat, SOON_MS);
      unsent = n;
    },

    /** The moderator's links (join, screen, facilitators, hubs). @returns {Promise<any>} */
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
      pending = [];
      return sync();
    },

    /** Try again after a refusal (socket.io does not retry a refused handshake by itself). */
    reconnect() {
      status("connecting");
      socket.connect();
    },

    close() {
      clearInterval(clockTimer);
      clearInterval(beatTimer);
      socket.close();
    },
  };
}

/** @typedef {ReturnType<typeof connect>} Connection */
