// Before the meeting: the moderator sets the session up, N participants check in with the join
// code, the moderator assigns groups and starts the rotation, and the screen, facilitators and
// hubs open their links, all as the pages do it.

import { FACILITATORS } from "./meeting.js";

const HUBS = 25;
const HUB_HEAD_COUNT = 12;
const CONNECT_TIMEOUT_MS = 120_000; // a handshake queued behind hundreds of others
const STAKEHOLDERS = ["Government", "Private sector", "Civil society", "Technical and academic community", "Intergovernmental organisations"];
const REGIONS = ["Africa", "Asia-Pacific", "Eastern Europe", "Latin America and Caribbean", "Western Europe and others"];
const DRAFT = [1, 2, 3, 4].map((n) => `Paragraph ${n} of the draft: the text the groups discuss, a sentence or two long.`).join("\n\n");

const must = (ack, what) => {
  if (!ack?.ok) throw new Error(`${what} refused: ${JSON.stringify(ack)}`);
  return ack;
};
const tokenOf = (link) => link.slice(link.indexOf("#") + 1);

/** The moderator page connects and sends the set-up form and the hubs. */
export async function configure(meeting, moderatorToken) {
  const moderator = meeting.watcher("moderator", moderatorToken);
  await moderator.whenConnected(CONNECT_TIMEOUT_MS);
  must(
    await moderator.send("ConfigureSession", {
      title: "Meeting bench",
      draft: DRAFT,
      points: [1, 2, 3, 4].map((n) => ({ paragraph: n, question: `Which wording for paragraph ${n}?`, options: [`Option A for ${n}`, `Option B for ${n}`] })),
      stakeholder_groups: STAKEHOLDERS,
      target_group_size: 8,
      round_secs: 20 * 60, // no rotation during the bench
    }),
    "ConfigureSession",
  );
  for (let h = 1; h <= HUBS; h += 1) {
    must(await moderator.send("RegisterHub", { name: `Hub ${h}`, city: `City ${h}`, country: "Kenya", timezone: "Africa/Nairobi", expected_head_count: HUB_HEAD_COUNT }), "RegisterHub");
  }
}

/**
 * N participants join with the code, at most `concurrency` handshakes in flight.
 * @returns {{ms: number, joinAck: number[], failed: number}}
 */
export async function checkIn(meeting, code, clients, concurrency) {
  const joinAck = [];
  let next = 0;
  let failed = 0;
  const started = performance.now();
  const one = async (i) => {
    const page = meeting.page("participant", { code });
    meeting.participants.push(page);
    await page.whenConnected(CONNECT_TIMEOUT_MS);
    const sent = performance.now();
    const ack = await page.send("Join", {
      name: `Participant ${i}`,
      organisation: `Organisation ${i % 97}`,
      stakeholder_group: STAKEHOLDERS[i % STAKEHOLDERS.length],
      region: REGIONS[i % REGIONS.length],
      mode: "room",
    });
    must(ack, "Join");
    joinAck.push(performance.now() - sent);
    page.id = ack.result.participant_id;
    page.token = ack.result.token;
    page.socket.auth = { token: page.token }; // what a reload or a reconnection uses
    page.last = 0; // the socket may now see more (its own private events): from 0 once
    page.syncOnConnect = true; // from now on, as any page: resume from `last` on a reconnection
    await page.sync();
  };
  const worker = async () => {
    while (next < clients) {
      const i = next++;
      try {
        await one(i);
      } catch (error) {
        failed += 1;
        console.error(`participant ${i}: ${error.message}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { ms: performance.now() - started, joinAck, failed };
}

/** Groups, rotation, then the screen, facilitators and hubs from the moderator's links. */
export async function startBreakout(meeting) {
  const moderator = meeting.moderator;
  must(await moderator.send("AssignGroups", {}), "AssignGroups");
  must(await moderator.send("StartRotation", {}), "StartRotation");
  const links = must(await moderator.request("links", {}, 30_000), "links");
  const pages = [meeting.watcher("screen", tokenOf(links.screen))];
  for (const f of links.facilitators.filter((g) => g.number <= FACILITATORS)) {
    const page = meeting.watcher("facilitator", tokenOf(f.link));
    page.id = f.group_id;
    pages.push(page);
  }
  for (const h of links.hubs) {
    const page = meeting.page("hub", { token: tokenOf(h.link) });
    page.id = h.hub_id;
    page.headCount = HUB_HEAD_COUNT;
    meeting.hubs.push(page);
    pages.push(page);
  }
  await Promise.all(pages.map((p) => p.whenConnected(CONNECT_TIMEOUT_MS)));
}
