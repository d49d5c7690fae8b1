// socket.io handlers speaking Roundtable's protocol (docs/protocol.md) for the calls the load
// generator makes. One `event` message per event per audience: no coalescing.

import { isWatcher } from "./journal.js";
import { Refusal } from "./session.js";

const RESUME_WINDOW_EVENTS = 1000; // Roundtable's: beyond this gap a page rebuilds from the log
const sessionRoom = (s) => `s:${s}`;
const watchRoom = (s) => `w:${s}`;
const ownRoom = (s, p) => `p:${s}:${p}`;
const refused = (e) => ({ ok: false, code: e.code ?? "refused", message: e.message, field: e.field ?? null });
const TRACKED = new Set(["facilitator", "hub"]); // whose link the moderator sees, as in server/presence.py

/** @param {import("socket.io").Server} io @param {import("./service.js").Service} service */
export function serve(io, service) {
  /** @type {Map<string, Map<string, object>>} session -> "role:key" -> link */
  const links = new Map();

  const announce = (sessionId) =>
    io.to(watchRoom(sessionId)).emit("presence", { links: [...(links.get(sessionId)?.values() ?? [])] });

  const track = (grant, change) => {
    if (!TRACKED.has(grant.role)) return;
    const key = grant.role === "facilitator" ? grant.groupId : grant.participantId;
    const byKey = links.get(grant.sessionId) ?? links.set(grant.sessionId, new Map()).get(grant.sessionId);
    const old = byKey.get(`${grant.role}:${key}`) ?? { role: grant.role, key, connected: false, since_ms: 0, last_seen_ms: 0, rtt_ms: null, unsent: 0 };
    byKey.set(`${grant.role}:${key}`, { ...old, ...change, last_seen_ms: Date.now() });
    announce(grant.sessionId);
  };

  const enter = (socket, grant) => {
    socket.join(sessionRoom(grant.sessionId));
    if (isWatcher(grant.role)) socket.join(watchRoom(grant.sessionId));
    if (grant.participantId) socket.join(ownRoom(grant.sessionId, grant.participantId));
  };

  io.use((socket, next) => {
    const auth = socket.handshake.auth ?? {};
    let grant = null;
    if (typeof auth.token === "string") grant = service.tokens.get(auth.token) ?? null;
    else if (typeof auth.code === "string") {
      const sessionId = service.codes.get(auth.code.trim().toUpperCase());
      if (sessionId) grant = { sessionId, role: "guest", participantId: null, groupId: null };
    }
    if (grant === null) {
      const error = new Error("Open the link you were given, or enter a join code.");
      error.data = { code: "bad_token", message: error.message };
      return next(error);
    }
    socket.data.grant = grant;
    next();
  });

  io.on("connection", (socket) => {
    const grant = () => socket.data.grant;
    const open = () => service.sessions.get(grant().sessionId);
    enter(socket, grant());
    track(grant(), { connected: true, since_ms: Date.now() });
    socket.on("disconnect", () => track(grant(), { connected: false, since_ms: Date.now() }));

    socket.on("command", async (command, ack) => {
      try {
        const done = await service.dispatch(grant().sessionId, command, grant());
        let result = {};
        if (command.type === "Join" && !done.duplicate) {
          const participantId = done.entries[0].envelope.event.participant.participant_id;
          socket.data.grant = { ...grant(), role: "participant", participantId };
          enter(socket, grant());
          result = { participant_id: participantId, token: service.issue(grant()) };
        }
        ack?.({ ok: true, seq: done.seq, duplicate: done.duplicate, result });
      } catch (error) {
        if (!(error instanceof Refusal)) console.error(error);
        ack?.(refused(error));
      }
    });

    socket.on("sync", (data, ack) => {
      const after = data?.after;
      if (!Number.isInteger(after) || after < 0) return ack?.(refused(new Refusal("invalid", "`after` is the last sequence number seen.", "after")));
      const { journal, session } = open();
      const g = grant();
      const reset = journal.version - after > RESUME_WINDOW_EVENTS;
      const groupId = g.role === "hub" ? session.hubGroup.get(g.participantId) ?? null : g.participantId ? session.groupOf.get(g.participantId) ?? null : g.groupId;
      ack?.({
        ok: true,
        events: journal.visibleAfter(reset ? 0 : after, g),
        reset,
        head: journal.version,
        now: Date.now(),
        me: { role: g.role, session_id: g.sessionId, participant_id: g.participantId, group_id: groupId },
      });
    });

    socket.on("heartbeat", (data, ack) => {
      track(grant(), { rtt_ms: Number.isFinite(data?.rtt_ms) ? data.rtt_ms : null, unsent: data?.unsent ?? 0 });
      const answer = { ok: true, head: open().journal.lastVisible(grant()), now: Date.now() };
      if (typeof data?.t === "number") answer.t = data.t;
      ack?.(answer);
    });

    socket.on("clock", (data, ack) => ack?.({ t: typeof data?.t === "number" ? data.t : null, now: Date.now() }));

    socket.on("links", (_data, ack) => {
      const g = grant();
      if (g.role !== "moderator") return ack?.(refused(new Refusal("forbidden", "Only the moderator sees the links.")));
      const { session } = open();
      const issue = (role, extra) => service.issue({ sessionId: g.sessionId, role, participantId: null, groupId: null, ...extra });
      ack?.({
        ok: true,
        code: session.code,
        join: `/join?code=${session.code}`,
        hub: `/hub?code=${session.code}`,
        screen: `/screen#${issue("screen")}`,
        hubs: [...session.hubs.values()].map((h) => ({ hub_id: h.hub_id, name: h.name, link: `/hub#${issue("hub", { participantId: h.hub_id })}` })),
        facilitators: session.groups.map((gr) => ({ group_id: gr.group_id, number: gr.number, label: gr.label, link: `/facilitator#${issue("facilitator", { groupId: gr.group_id })}` })),
      });
    });
  });

  /** Fan a durable batch out: public events to the session, private ones to watchers + owner. */
  return (sessionId, entries) => {
    for (const { envelope, concerns } of entries) {
      const to = concerns === null ? sessionRoom(sessionId) : [watchRoom(sessionId), ownRoom(sessionId, concerns)];
      io.to(to).emit("event", envelope);
    }
  };
}
