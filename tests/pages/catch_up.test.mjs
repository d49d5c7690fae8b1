// The pages' catch-up rules (client_static/js/catch-up.js), run by node's own test runner.
import { test } from "node:test";
import assert from "node:assert/strict";

import { drain, follows, jittered, retryDelay, RETRY_MAX_MS } from "../../client_static/js/catch-up.js";

const env = (seq, prev = seq - 1) => ({ seq, prev, event: { type: "X" } });

test("a watcher applies consecutive events and holds one after a gap", () => {
  const taken = drain([env(4), env(2), env(3), env(6)], 1, true);
  assert.deepEqual(taken.ready.map((e) => e.seq), [2, 3, 4]);
  assert.deepEqual(taken.held.map((e) => e.seq), [6]);
  assert.equal(taken.last, 4);
  assert.equal(taken.duplicates, 0);
});

test("the missing event, arriving next, releases what was held, in order", () => {
  const first = drain([env(6)], 4, true);
  const second = drain([...first.held, env(5)], first.last, true);
  assert.deepEqual(second.ready.map((e) => e.seq), [5, 6]);
  assert.deepEqual(second.held, []);
});

test("a participant skips events it was never meant to see, by prev", () => {
  // 11 and 12 were someone else's private events: 13 says its predecessor for this page is 10.
  const taken = drain([env(13, 10), env(15, 13)], 10, false);
  assert.deepEqual(taken.ready.map((e) => e.seq), [13, 15]);
  assert.equal(taken.last, 15);
});

test("a participant holds an event whose predecessor has not arrived", () => {
  const taken = drain([env(15, 13)], 10, false);
  assert.deepEqual(taken.ready, []);
  assert.deepEqual(taken.held.map((e) => e.seq), [15]);
  assert.equal(follows(env(15, 13), 13, false), true);
});

test("an event already applied is counted as a duplicate and dropped", () => {
  const taken = drain([env(3), env(4), env(5)], 4, true);
  assert.equal(taken.duplicates, 2);
  assert.deepEqual(taken.ready.map((e) => e.seq), [5]);
});

test("nothing after a held event is applied before it, even if it would follow by prev", () => {
  const taken = drain([env(12, 11), env(14, 10)], 10, false);
  assert.deepEqual(taken.ready.map((e) => e.seq), []);
  assert.deepEqual(taken.held.map((e) => e.seq), [12, 14]);
});

test("retries back off exponentially with jitter, up to a ceiling", () => {
  const low = () => 0;
  const high = () => 0.999;
  assert.equal(retryDelay(1, low), 1000);
  assert.equal(retryDelay(2, low), 2000);
  assert.equal(retryDelay(4, low), 8000);
  assert.equal(retryDelay(30, low), RETRY_MAX_MS);
  assert.ok(retryDelay(1, high) > 1400 && retryDelay(1, high) <= 1500);
});

test("jitter spreads pages over half the delay again", () => {
  const seen = new Set(Array.from({ length: 50 }, (_, i) => jittered(1000, () => i / 50)));
  assert.ok(seen.size > 40);
  assert.ok([...seen].every((ms) => ms >= 1000 && ms < 1500));
});
