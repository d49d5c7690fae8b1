// The steady state: positions spread over the participants, the moderator's broadcasts, the
// hubs' block positions and the facilitators' outcomes, at fixed rates from a few shared timers.

const WRITE_TICK_MS = 10;
const ROLE_TICK_MS = 250;
const MAX_PER_TICK = 20; // a late timer catches up, but never in one burst of hundreds
const HUB_EVERY_MS = 20_000;
const FACILITATOR_EVERY_MS = 15_000;
const PROBES = 64; // how many random participants to try for one without a write in flight

/**
 * @param {import("./meeting.js").Meeting} meeting
 * @param {{seconds: number, writesPerSec: number, broadcastsPerSec: number,
 *   onMinute?: (minute: number) => void}} options
 */
export async function steady(meeting, { seconds, writesPerSec, broadcastsPerSec, onMinute }) {
  const { participants, model, writes, broadcasts, moderator } = meeting;
  const out = { writes_sent: 0, writes_skipped: 0, refused: {}, other_sent: 0 };
  const refuse = (ack) => (out.refused[ack.code] = (out.refused[ack.code] ?? 0) + 1);
  const start = performance.now();

  const write = async (page) => {
    const at = model.pointFor(page.id);
    if (at === null) return void (out.writes_skipped += 1);
    page.flip = !page.flip; // alternate, so that every write changes the position: one event each
    const record = writes.sent(page.id, performance.now());
    page.busy = true;
    out.writes_sent += 1;
    const ack = await page.send("TakePosition", { point_id: at.point, choice: at.options[page.flip ? 0 : 1] });
    writes.acked(record, ack, performance.now());
    if (!ack.ok) {
      page.flip = !page.flip;
      refuse(ack);
    }
    page.busy = false;
  };

  const pick = () => {
    for (let i = 0; i < PROBES; i += 1) {
      const page = participants[Math.floor(Math.random() * participants.length)];
      if (!page.busy && page.id && page.connected) return page;
    }
    return null;
  };

  const other = async (page, type, fields) => {
    out.other_sent += 1;
    const ack = await page.send(type, fields);
    if (!ack.ok) refuse(ack);
  };

  let sentWrites = 0;
  let sentBroadcasts = 0;
  const writeTimer = setInterval(() => {
    const elapsed = (performance.now() - start) / 1000;
    for (let n = 0; n < MAX_PER_TICK && sentWrites < Math.floor(elapsed * writesPerSec); n += 1) {
      sentWrites += 1;
      const page = pick();
      if (page === null) out.writes_skipped += 1;
      else void write(page);
    }
    if (sentBroadcasts < Math.floor(elapsed * broadcastsPerSec)) {
      sentBroadcasts += 1;
      const text = `Back to the plenary soon (${sentBroadcasts})`;
      broadcasts.sent(text, performance.now(), meeting.clientCount());
      void other(moderator, "Broadcast", { text });
    }
  }, WRITE_TICK_MS);

  const roles = [...meeting.hubs.map((p) => [p, HUB_EVERY_MS]), ...meeting.watchers.filter((p) => p.role === "facilitator").map((p) => [p, FACILITATOR_EVERY_MS])];
  for (const [page, every] of roles) page.nextCommand = start + Math.random() * every;
  let minute = 0;
  const roleTimer = setInterval(() => {
    const now = performance.now();
    for (const [page, every] of roles) {
      if (now < page.nextCommand) continue;
      page.nextCommand += every;
      page.flip = !page.flip;
      if (page.role === "hub") {
        const at = model.pointFor(page.id);
        if (at) void other(page, "SetHubPositions", { point_id: at.point, counts: { [at.options[0]]: page.flip ? 7 : 5, [at.options[1]]: page.flip ? 5 : 7 } });
      } else {
        const point = model.pointOf(page.id);
        const options = model.options.get(point);
        if (point) void other(page, "RecordOutcome", { group_id: page.id, point_id: point, choice: options[page.flip ? 0 : 1], strength: "majority", hands: { in_favour: 5, against: 3, abstain: 0 }, notes: "" });
      }
    }
    if (onMinute && now - start >= (minute + 1) * 60_000) onMinute((minute += 1));
  }, ROLE_TICK_MS);

  await new Promise((r) => setTimeout(r, seconds * 1000));
  clearInterval(writeTimer);
  clearInterval(roleTimer);
  out.seconds = (performance.now() - start) / 1000;
  return out;
}

/** Wait for what was sent to arrive everywhere (or for timeoutMs), then stop counting. */
export async function drain(meeting, timeoutMs) {
  const deadline = performance.now() + timeoutMs;
  const busy = () => meeting.participants.some((p) => p.busy) || meeting.writes.outstanding() || meeting.broadcasts.outstanding();
  while (busy() && performance.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  meeting.writes.open = false;
  meeting.broadcasts.open = false;
}
