// One session's state and the few rules the load generator exercises, with events of the same
// shape (field for field) as Roundtable's facilitation/events.py, so payload sizes match.
// `decide*` check, apply the events to the state at once (the next command in a batch sees
// them), and return them with the participant each concerns (null: public).

import { randomBytes } from "node:crypto";

export class Refusal extends Error {
  constructor(code, message, field = null) {
    super(message);
    this.code = code;
    this.field = field;
  }
}

const LETTERS = "abcdefghijklmnopqrstuvwxyz";
const newId = () => randomBytes(6).toString("hex"); // Roundtable: secrets.token_hex(6)
const pub = (event) => ({ event, concerns: null });

export class Session {
  constructor(sessionId, code, title, nowMs) {
    this.sessionId = sessionId;
    this.code = code;
    this.title = title;
    this.created = { type: "SessionCreated", session_id: sessionId, code, title, created_at_ms: nowMs };
    this.phase = "setup";
    this.points = [];
    this.targetSize = 8;
    this.roundSecs = 1200;
    this.remoteGroups = 1;
    this.stakeholders = [];
    /** @type {Map<string, object>} */
    this.participants = new Map();
    /** @type {Map<string, object>} */
    this.hubs = new Map();
    this.groups = [];
    this.groupOf = new Map();
    this.hubGroup = new Map();
    this.groupOrder = [];
    this.plan = [];
    this.round = 0;
    this.positions = new Map();
    this.blocks = new Map();
    this.outcomes = new Map();
  }

  currentPoint(groupId) {
    const index = this.groupOrder.indexOf(groupId);
    return this.round > 0 && index >= 0 ? this.plan[this.round - 1][index] : null;
  }

  configure(c) {
    if (this.phase !== "setup") throw new Refusal("wrong_phase", "The set-up is fixed once groups are assigned.");
    const paragraphs = String(c.draft ?? "").split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
    this.points = (c.points ?? []).map((p, i) => ({
      point_id: `p${i + 1}`,
      paragraph: p.paragraph,
      question: p.question,
      options: p.options.map((label, k) => ({ option_id: LETTERS[k], label })),
    }));
    this.stakeholders = c.stakeholder_groups ?? [];
    this.targetSize = c.target_group_size ?? 8;
    this.roundSecs = c.round_secs ?? 1200;
    this.remoteGroups = c.remote_groups ?? 1;
    const settings = { group_count: c.group_count ?? null, target_group_size: this.targetSize, round_secs: this.roundSecs, remote_groups: this.remoteGroups };
    this.title = c.title;
    return [pub({ type: "SessionConfigured", title: c.title, paragraphs, points: this.points, stakeholder_groups: this.stakeholders, settings })];
  }

  join(c, nowMs) {
    if (!this.stakeholders.includes(c.stakeholder_group)) throw new Refusal("invalid", "Choose one of the stakeholder groups.", "stakeholder_group");
    const participant = {
      participant_id: newId(), name: c.name, organisation: c.organisation ?? "", stakeholder_group: c.stakeholder_group,
      region: c.region, mode: c.mode, hub_name: c.mode === "hub" ? c.hub_name ?? "" : "", country: c.country ?? "", joined_at_ms: nowMs,
    };
    this.participants.set(participant.participant_id, participant);
    return [{ event: { type: "ParticipantJoined", participant, pending: false }, concerns: participant.participant_id }];
  }

  registerHub(c) {
    const hub = {
      hub_id: `h${this.hubs.size + 1}`, name: c.name, city: c.city ?? "", country: c.country ?? "", timezone: c.timezone ?? "UTC",
      expected_head_count: c.expected_head_count, head_count: c.expected_head_count, placement: c.placement ?? "remote",
    };
    this.hubs.set(hub.hub_id, hub);
    return [pub({ type: "HubRegistered", hub })];
  }

  /** Room people dealt round-robin by stakeholder group into groups of the target size; hubs
   * into remote groups of about the same size (Roundtable's rule for the group counts). */
  assignGroups(c, seed) {
    if (this.phase !== "setup" && this.phase !== "assigned") throw new Refusal("wrong_phase", "Groups cannot be drawn again.");
    const people = [...this.participants.values()].sort((a, b) => a.stakeholder_group.localeCompare(b.stakeholder_group));
    const roomCount = Math.max(1, Math.ceil(people.length / this.targetSize));
    const size = Math.ceil(people.length / roomCount) || this.targetSize;
    const remoteCount = this.hubs.size ? Math.max(this.remoteGroups, Math.ceil(this.hubs.size / size)) : 0;
    const room = Array.from({ length: roomCount }, () => []);
    people.forEach((p, i) => room[i % roomCount].push(p.participant_id));
    const remote = Array.from({ length: remoteCount }, () => []);
    [...this.hubs.keys()].forEach((h, i) => remote[i % remoteCount].push(h));
    this.groups = [
      ...room.map((members, i) => ({ group_id: `g${i + 1}`, number: i + 1, kind: "room", label: "", members, hubs: [] })),
      ...remote.map((hubs, i) => ({ group_id: `g${roomCount + i + 1}`, number: roomCount + i + 1, kind: "remote", label: "remote", members: [], hubs })),
    ];
    this.groupOf = new Map(this.groups.flatMap((g) => g.members.map((m) => [m, g.group_id])));
    this.hubGroup = new Map(this.groups.flatMap((g) => g.hubs.map((h) => [h, g.group_id])));
    this.phase = "assigned";
    return [pub({ type: "GroupsAssigned", seed: c.seed ?? seed, groups: this.groups })];
  }

  startRotation(nowMs) {
    if (this.phase !== "assigned") throw new Refusal("wrong_phase", "Assign the groups before starting the rotation.");
    this.groupOrder = this.groups.filter((g) => g.members.length || g.hubs.length).map((g) => g.group_id);
    const ids = this.points.map((p) => p.point_id);
    this.plan = ids.map((_, r) => this.groupOrder.map((_, g) => ids[(g + r) % ids.length]));
    this.phase = "rotation";
    this.round = 1;
    return [
      pub({ type: "RotationStarted", group_order: this.groupOrder, plan: this.plan }),
      pub({ type: "RoundStarted", round: 1, started_at_ms: nowMs, ends_at_ms: nowMs + this.roundSecs * 1000 }),
    ];
  }

  /** The point and its allowed choices for a group now; refuses a stale point. */
  checkPoint(groupId, pointId, extra) {
    const current = groupId ? this.currentPoint(groupId) : null;
    if (current === null) throw new Refusal("wrong_phase", "Not in a group that is working on a point.");
    if (pointId !== current) throw new Refusal("stale", "Your group has moved on.", "point_id");
    const point = this.points.find((p) => p.point_id === current);
    return new Set([...point.options.map((o) => o.option_id), ...extra]);
  }

  takePosition(c, pid) {
    const groupId = this.groupOf.get(pid);
    if (!this.checkPoint(groupId, c.point_id, ["compromise", "undecided"]).has(c.choice)) throw new Refusal("invalid", "Pick one of the options.", "choice");
    const key = `${c.point_id}:${pid}`;
    if (this.positions.get(key) === c.choice) return [];
    this.positions.set(key, c.choice);
    return [{ event: { type: "PositionTaken", participant_id: pid, group_id: groupId, point_id: c.point_id, round: this.round, choice: c.choice }, concerns: pid }];
  }

  setHubPositions(c, hubId) {
    const groupId = this.hubGroup.get(hubId);
    const allowed = this.checkPoint(groupId, c.point_id, ["compromise", "undecided"]);
    const counts = Object.fromEntries(Object.entries(c.counts ?? {}).filter(([k, v]) => allowed.has(k) && v));
    const key = `${c.point_id}:${hubId}`;
    if (JSON.stringify(this.blocks.get(key)) === JSON.stringify(counts)) return [];
    this.blocks.set(key, counts);
    return [{ event: { type: "HubPositionsSet", hub_id: hubId, group_id: groupId, point_id: c.point_id, round: this.round, counts }, concerns: hubId }];
  }

  recordOutcome(c, actor, nowMs) {
    if (actor.role === "facilitator" && actor.groupId !== c.group_id) throw new Refusal("forbidden", "Own group only.", "group_id");
    if (!this.checkPoint(c.group_id, c.point_id, ["compromise"]).has(c.choice)) throw new Refusal("invalid", "An option or a compromise.", "choice");
    const key = `${c.group_id}:${c.point_id}`;
    const revision = (this.outcomes.get(key) ?? 0) + 1;
    this.outcomes.set(key, revision);
    const hands = { in_favour: c.hands?.in_favour ?? 0, against: c.hands?.against ?? 0, abstain: c.hands?.abstain ?? 0 };
    const outcome = {
      group_id: c.group_id, point_id: c.point_id, round: this.round, choice: c.choice, compromise_text: c.choice === "compromise" ? c.compromise_text ?? "" : "",
      strength: c.strength, hands, notes: c.notes ?? "", recorded_by: actor.role, recorded_at_ms: nowMs, revision,
    };
    return [pub({ type: "OutcomeRecorded", outcome })];
  }

  broadcast(c, nowMs) {
    return [pub({ type: "MessageBroadcast", text: String(c.text ?? "").trim(), sent_at_ms: nowMs })];
  }
}
