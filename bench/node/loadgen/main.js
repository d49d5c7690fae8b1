// The meeting benchmark's load generator: one Node process driving a whole meeting through the
// official socket.io client. Started by bench/ (Python) with one JSON argument:
//   {url, code, moderatorToken, clients, seconds, profile, concurrency, writesPerSec,
//    broadcastsPerSec, storm, handshake}
// It prints JSON lines on stdout: {"mark": name} at each phase boundary (with handshake, it
// then waits for a line on stdin, so the caller can sample the server there), {"minute": ...}
// during long runs, and {"result": {...}} at the end. Progress goes to stderr.

import { createInterface } from "node:readline";
import { Meeting } from "./meeting.js";
import { pageProfile } from "./profile.js";
import { checkIn, configure, startBreakout } from "./setup.js";
import { cpuMeter, round1, summary } from "./stats.js";
import { storm } from "./storm.js";
import { drain, steady } from "./traffic.js";

const SETTLE_TIMEOUT_MS = 60_000;
const DRAIN_TIMEOUT_MS = 15_000;
const STORM_WINDOW_MS = 2_000;
const STORM_TIMEOUT_MS = 120_000;

const config = {
  concurrency: 100,
  writesPerSec: 100,
  broadcastsPerSec: 2,
  seconds: 30,
  profile: "v1",
  storm: true,
  handshake: false,
  ...JSON.parse(process.argv[2] ?? "{}"),
};
const log = (text) => process.stderr.write(`[loadgen] ${text}\n`);
const emit = (object) => process.stdout.write(`${JSON.stringify(object)}\n`);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();

/** Tell the caller where we are; with the handshake, wait until it has taken its samples. */
async function mark(name) {
  emit({ mark: name });
  if (config.handshake) await lines.next();
}

let reported = 0; // minutes of a long run reported so far

function minuteReport(meeting, minute) {
  reported = minute;
  const from = meeting.steadyStart + (minute - 1) * 60_000;
  const r = meeting.writes.report(from, from + 60_000);
  emit({ minute, write_all_p99_ms: r.all.p99, write_ack_p99_ms: r.ack.p99, writes: r.writes });
}

const minus = (a, b) => Object.fromEntries(Object.keys(a).map((k) => [k, a[k] - b[k]]));

async function main() {
  const meeting = new Meeting({ url: config.url, profile: pageProfile(config.profile) });
  const cpu = cpuMeter();
  const result = { clients: config.clients, profile: config.profile, seconds: config.seconds };

  await configure(meeting, config.moderatorToken);
  log(`session configured; checking ${config.clients} participants in`);
  cpu();
  const checkin = await checkIn(meeting, config.code, config.clients, config.concurrency);
  result.checkin_ms = round1(checkin.ms);
  result.checkin_failed = checkin.failed;
  result.join_ack_ms = summary(checkin.joinAck);
  result.generator_cpu_checkin_pct = cpu();
  log(`checked in in ${Math.round(checkin.ms)} ms (${checkin.failed} failed); starting the breakout`);

  await startBreakout(meeting);
  result.not_caught_up_at_start = await meeting.caughtUp(meeting.model.head, SETTLE_TIMEOUT_MS);
  result.connections = meeting.clientCount();
  result.transports = meeting.transports();
  meeting.track();
  const countsAtStart = meeting.counts();
  await mark("steady-start");
  cpu();
  meeting.steadyStart = performance.now();
  const dropsBefore = meeting.drops.length;
  const traffic = await steady(meeting, {
    seconds: config.seconds,
    writesPerSec: config.writesPerSec,
    broadcastsPerSec: config.broadcastsPerSec,
    // a minute's writes are reported a minute later, when the last of them have arrived
    onMinute: config.minutes ? (m) => m >= 2 && minuteReport(meeting, m - 1) : undefined,
  });
  result.generator_cpu_pct = cpu();
  await mark("steady-end");
  log(`steady state done (${traffic.writes_sent} writes); draining`);
  await drain(meeting, DRAIN_TIMEOUT_MS);
  if (config.minutes) while (reported < Math.ceil(traffic.seconds / 60 - 0.01)) minuteReport(meeting, reported + 1);
  Object.assign(result, traffic, { refused: { ...traffic.refused } }); // as at the end of the drain
  result.writes = meeting.writes.report();
  result.broadcasts = meeting.broadcasts.report();
  result.unexpected_drops = meeting.drops.length - dropsBefore;
  result.drop_reasons = [...new Set(meeting.drops.map((d) => `${d.role}: ${d.reason}`))];
  const countsAtDrain = meeting.counts();
  result.counts_steady = minus(countsAtDrain, countsAtStart);

  if (config.storm) {
    await mark("storm-start");
    cpu();
    log("reconnect storm");
    result.storm = await storm(meeting, { windowMs: STORM_WINDOW_MS, timeoutMs: STORM_TIMEOUT_MS });
    result.generator_cpu_storm_pct = cpu();
    await mark("storm-end");
  }
  result.counts_storm = minus(meeting.counts(), countsAtDrain);
  result.event_bytes = meeting.eventBytes();
  meeting.close();
  emit({ result });
}

main().then(
  () => process.exit(0),
  (error) => {
    log(error.stack ?? String(error));
    emit({ error: String(error.message ?? error) });
    process.exit(1);
  },
);
