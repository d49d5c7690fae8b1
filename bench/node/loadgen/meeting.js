// The pages of one meeting and what they report: one moderator, a screen, facilitators, hubs
// and N participants, one shared ticker for their periodic calls, and the delivery trackers.

import { Broadcasts, Writes } from "./deliveries.js";
import { SessionModel } from "./model.js";
import { Page } from "./page.js";

const TICK_MS = 200; // one timer for every page's heartbeat and clock, not one per page
const SIZE_SAMPLES = 20; // events of a type whose size is measured (on the moderator only)
export const FACILITATORS = 20;

export class Meeting {
  /** @param {{url: string, profile: object}} config */
  constructor(config) {
    this.url = config.url;
    this.profile = config.profile;
    this.model = new SessionModel();
    this.writes = null;
    this.broadcasts = null;
    this.moderator = null;
    this.watchers = [];
    this.hubs = [];
    this.participants = [];
    this.drops = [];
    this.sizes = new Map(); // event type -> [bytes]
    this.hooks = {
      applied: (page, envelope) => this.applied(page, envelope),
      dropped: (page, reason) => this.drops.push({ role: page.role, reason, at: performance.now() }),
    };
    this.ticker = setInterval(() => {
      const now = performance.now();
      for (const page of this.pages()) page.tick(now);
    }, TICK_MS);
  }

  *pages() {
    if (this.moderator) yield this.moderator;
    yield* this.watchers.slice(1);
    yield* this.hubs;
    yield* this.participants;
  }

  /** Count deliveries from now on, to the watchers connected now. */
  track() {
    this.writes = new Writes(this.watchers.length);
    this.broadcasts = new Broadcasts();
    this.writes.open = true;
    this.broadcasts.open = true;
  }

  clientCount() {
    return this.watchers.length + this.hubs.length + this.participants.length;
  }

  page(role, auth) {
    return new Page(role, auth, { url: this.url, profile: this.profile, hooks: this.hooks });
  }

  /** A watcher page (moderator, screen, facilitator): it takes the next tracker slot. */
  watcher(role, token) {
    const page = this.page(role, { token });
    page.index = this.watchers.length;
    this.watchers.push(page);
    if (role === "moderator") this.moderator = page;
    return page;
  }

  applied(page, { seq, event }) {
    const now = performance.now();
    if (page === this.moderator) {
      this.model.apply({ seq, event });
      const sizes = this.sizes.get(event.type) ?? this.sizes.set(event.type, []).get(event.type);
      if (sizes.length < SIZE_SAMPLES) sizes.push(JSON.stringify(event).length);
    }
    if (this.writes === null) return;
    if (event.type === "PositionTaken") {
      if (page.watcher) this.writes.delivered(page.index, event.participant_id, now);
      else if (event.participant_id === page.id) this.writes.delivered(this.writes.watchers, page.id, now);
    } else if (event.type === "MessageBroadcast") this.broadcasts.delivered(event.text, now);
  }

  /** Mean size in bytes (as JSON) of each event type, as the moderator received them. */
  eventBytes() {
    const mean = (xs) => Math.round(xs.reduce((a, b) => a + b, 0) / xs.length);
    return Object.fromEntries([...this.sizes].map(([type, xs]) => [type, mean(xs)]));
  }

  /** How many pages are on each transport (polling pages cost the server more). */
  transports() {
    const count = {};
    for (const page of this.pages()) {
      const name = page.socket.io.engine?.transport?.name ?? "none";
      count[name] = (count[name] ?? 0) + 1;
    }
    return count;
  }

  /** Sum of every page's counters. */
  counts() {
    const total = { duplicates: 0, afterSync: 0, gapSyncs: 0, heartbeatSyncs: 0, resets: 0, drops: 0 };
    for (const page of this.pages()) for (const key in total) total[key] += page.counts[key];
    return total;
  }

  /** Resolves when every page has applied up to `head` (or after timeoutMs): how many lag. */
  async caughtUp(head, timeoutMs) {
    const deadline = performance.now() + timeoutMs;
    let behind = 0;
    do {
      behind = 0;
      for (const page of this.pages()) if (page.last < head) behind += 1;
      if (behind === 0) return 0;
      await new Promise((r) => setTimeout(r, 50));
    } while (performance.now() < deadline);
    return behind;
  }

  close() {
    clearInterval(this.ticker);
    for (const page of this.pages()) page.close();
  }
}
