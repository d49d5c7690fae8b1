// One simulated page: a socket.io-client socket with client_static/js/connection.js's receive
// rules (gap detection, sync with queueing, heartbeat catch-up), counting what it sees.
// What a page does with an applied event is the `hooks.applied(page, envelope)` callback.

import { randomBytes } from "node:crypto";
import { io } from "socket.io-client";

const WATCHERS = new Set(["moderator", "screen", "facilitator"]);
const SYNC_RETRY_MS = 1000; // connection.js waits a second before asking again

export const newCommandId = () => randomBytes(16).toString("hex");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Page {
  /**
   * @param {string} role moderator | screen | facilitator | participant (a guest until Join) | hub
   * @param {object} auth {token} or {code}
   * @param {{url: string, profile: object, hooks: {applied: Function, dropped: Function}}} ctx
   */
  constructor(role, auth, ctx) {
    this.role = role;
    this.watcher = WATCHERS.has(role);
    this.ctx = ctx;
    this.profile = ctx.profile;
    this.last = 0;
    this.high = 0; // highest seq ever applied: a replay after a reset is not a new delivery
    this.me = null;
    this.syncing = false;
    this.syncAgain = false;
    this.pending = [];
    this.rtt = null;
    this.id = null; // participant id (or hub id) once known
    this.index = -1; // this page's slot in the delivery trackers
    this.expectDrop = false;
    this.counts = { duplicates: 0, afterSync: 0, gapSyncs: 0, heartbeatSyncs: 0, resets: 0, drops: 0 };
    this.nextBeat = Infinity;
    this.nextClock = Infinity;
    this.syncOnConnect = role !== "participant"; // a guest syncs after Join (check-in)
    this.socket = io(ctx.url, {
      auth,
      transports: this.profile.transports,
      tryAllTransports: true,
      reconnectionDelayMax: 5000,
      forceNew: true, // one connection per page, as each phone has its own
    });
    this.socket.on("event", (envelope) => this.receive(envelope));
    // the server may coalesce: an array of envelopes, each as if it had arrived alone
    this.socket.on("events", (envelopes) => {
      for (const envelope of envelopes) this.receive(envelope);
    });
    this.socket.on("connect", () => this.onConnect());
    this.socket.on("disconnect", (reason) => {
      if (!this.expectDrop) {
        this.counts.drops += 1;
        ctx.hooks.dropped(this, reason);
      }
    });
  }

  get connected() {
    return this.socket.connected;
  }

  /** connection.js's connect handler: sync, sample the clock a few times, then heartbeat. */
  async onConnect() {
    if (this.profile.clockEveryMs) this.nextClock = performance.now() + this.profile.clockEveryMs;
    if (this.syncOnConnect) void this.sync();
    for (let i = 0; i < this.profile.clockOnConnect && this.socket.connected; i += 1) await this.clock();
    this.beat();
  }

  /** Resolves once connected (the first time), or rejects on a refusal or after timeoutMs. */
  whenConnected(timeoutMs) {
    if (this.socket.connected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("connect timeout")), timeoutMs);
      this.socket.once("connect", () => (clearTimeout(timer), resolve()));
      this.socket.on("connect_error", (err) => {
        if (!this.socket.active) (clearTimeout(timer), reject(err));
      });
    });
  }

  receive(envelope, afterSync = false) {
    if (this.syncing || this.me === null) {
      this.pending.push(envelope);
      return;
    }
    if (envelope.seq <= this.last) {
      if (afterSync) this.counts.afterSync += 1;
      else this.counts.duplicates += 1;
      return;
    }
    const inOrder = this.watcher ? envelope.seq === this.last + 1 : envelope.prev <= this.last;
    if (inOrder) this.apply(envelope);
    else {
      this.counts.gapSyncs += 1;
      void this.sync();
    }
  }

  apply(envelope) {
    this.last = envelope.seq;
    if (envelope.seq > this.high) {
      this.high = envelope.seq;
      this.ctx.hooks.applied(this, envelope);
    }
  }

  /** Everything after `last`, then what arrived meanwhile, in order (connection.js's sync). */
  async sync() {
    if (this.syncing) {
      this.syncAgain = true;
      return;
    }
    this.syncing = true;
    try {
      do {
        this.syncAgain = false;
        const ack = await this.request("sync", { after: this.last });
        if (!ack || !ack.ok) {
          if (this.socket.connected) this.syncAgain = true;
          if (this.syncAgain) await sleep(SYNC_RETRY_MS);
          continue;
        }
        if (ack.reset || ack.head < this.last) {
          this.counts.resets += 1;
          this.last = 0;
          if (!ack.reset) {
            this.syncAgain = true;
            continue;
          }
        }
        this.me = ack.me;
        for (const envelope of ack.events) if (envelope.seq > this.last) this.apply(envelope);
        if (this.watcher) {
          if (this.last < ack.head && ack.events.length > 0) this.syncAgain = true;
        } else this.last = Math.max(this.last, ack.head);
      } while (this.syncAgain && this.socket.connected);
    } finally {
      this.syncing = false;
    }
    const queued = this.pending.sort((a, b) => a.seq - b.seq);
    this.pending = [];
    for (const envelope of queued) this.receive(envelope, true);
  }

  /** emit with an ack and a timeout; null without an answer in time. */
  async request(event, payload, timeout = this.profile.ackTimeoutMs) {
    try {
      return await this.socket.timeout(timeout).emitWithAck(event, payload);
    } catch {
      return null;
    }
  }

  /** A command, retried with the same command_id after a timeout, as the pages do. */
  async send(type, fields) {
    const payload = { ...fields, type, command_id: newCommandId() };
    for (let attempt = 0; attempt < this.profile.sendAttempts; attempt += 1) {
      const ack = await this.request("command", payload);
      if (ack !== null) return ack;
    }
    return { ok: false, code: "timeout" };
  }

  async clock() {
    const t = Date.now();
    const ack = await this.request("clock", { t });
    if (ack && typeof ack.now === "number") this.rtt = Date.now() - t;
  }

  /** Report the link; catch up if the server says this page is behind (profile's rule). */
  async beat() {
    const jitter = Math.random() * 0.2 + 0.9; // pages started together drift apart, as phones do
    this.nextBeat = performance.now() + this.profile.heartbeatMs[this.role] * jitter;
    if (!this.socket.connected) return;
    const sent = Date.now();
    const payload = { seq: this.last, rtt_ms: this.rtt, unsent: 0 };
    if (this.profile.heartbeatCarriesClock) payload.t = sent;
    const ack = await this.request("heartbeat", payload);
    if (!ack?.ok) return;
    this.rtt = Date.now() - sent;
    if (!(ack.head > this.last)) return;
    const { graceMs, jitterMs } = this.profile.heartbeatSync;
    const head = ack.head;
    const catchUp = () => {
      if (this.last < head) {
        this.counts.heartbeatSyncs += 1;
        void this.sync();
      }
    };
    if (graceMs === 0) catchUp();
    else setTimeout(catchUp, graceMs + Math.random() * jitterMs);
  }

  /** Called by the shared ticker: whatever periodic call is due. */
  tick(now) {
    if (now >= this.nextBeat) void this.beat();
    if (this.profile.clockEveryMs && now >= this.nextClock) {
      this.nextClock = now + this.profile.clockEveryMs;
      if (this.socket.connected) void this.clock();
    }
  }

  close() {
    this.expectDrop = true;
    this.socket.close();
  }
}
