// The moderator's decisions about people (facilitation/people.py) on the parts the pages hold:
// a removed or merged person leaves with their group place, positions and reactions; joins
// awaiting approval wait in `pending`. Locks and role links change nothing a page shows yet.

/** @import { EventTypes, Participant } from "./protocol-types.js" */
/** @import { State } from "./state.js" */
/**
 * @typedef {"ParticipantRemoved" | "ParticipantRenamed" | "ParticipantsMerged" | "JoiningLocked"
 *   | "JoinCodeChanged" | "ApprovalRequired" | "JoinsDecided" | "RoleLinkCreated"
 *   | "RoleLinkRevoked"} PeopleEventType
 * @typedef {EventTypes[PeopleEventType]} PeopleEvent
 */

/** @template T @param {Record<string, T>} r @param {(key: string) => boolean} keep @returns {Record<string, T>} */
const only = (r, keep) => Object.fromEntries(Object.entries(r).filter(([k]) => keep(k)));
/** @template T @param {Record<string, T>} r @param {(v: T) => T} f @returns {Record<string, T>} */
const each = (r, f) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, f(v)]));

/** The state without a person's record, group place, positions and reactions. @param {State} s @param {string} who */
function without(s, who) {
  const groups = { ...s.groups };
  const g = groups[s.group_of[who]];
  if (g) groups[g.group_id] = { ...g, members: g.members.filter((m) => m !== who) };
  /** @param {string} k */
  const other = (k) => k !== who;
  const plenary = { ...s.plenary, reactions: each(s.plenary.reactions, (by) => only(by, other)) };
  const positions = each(s.positions, (by) => only(by, other));
  return { ...s, participants: only(s.participants, other), groups, group_of: only(s.group_of, other), positions, plenary };
}

/**
 * The merged record's entry counts as the kept one's where that has none.
 * @template {object} T @param {Record<string, T>} by @param {string} kept @param {string} merged
 */
function takeOver(by, kept, merged) {
  if (!(merged in by)) return by;
  const entries = only(by, (k) => k !== merged);
  if (!(kept in entries)) entries[kept] = "participant_id" in by[merged] ? { ...by[merged], participant_id: kept } : by[merged];
  return entries;
}

/** @type {{[K in PeopleEventType]: (s: State, e: EventTypes[K]) => State}} */
const HANDLERS = {
  ParticipantRemoved: (s, e) => {
    const who = e.participant_id;
    return s.participants[who] || s.pending[who] ? { ...without(s, who), pending: only(s.pending, (k) => k !== who) } : s;
  },
  ParticipantRenamed: (s, e) => {
    /** @param {Participant} p */
    const renamed = (p) => ({ ...p, name: e.name, organisation: e.organisation });
    const who = e.participant_id;
    if (s.participants[who]) return { ...s, participants: { ...s.participants, [who]: renamed(s.participants[who]) } };
    return s.pending[who] ? { ...s, pending: { ...s.pending, [who]: renamed(s.pending[who]) } } : s;
  },
  ParticipantsMerged: (s, { kept_id: kept, merged_id: merged }) => {
    if (!s.participants[merged] || !s.participants[kept]) return s;
    const reactions = each(s.plenary.reactions, (by) => takeOver(by, kept, merged));
    const positions = each(s.positions, (by) => takeOver(by, kept, merged));
    return without({ ...s, positions, plenary: { ...s.plenary, reactions } }, merged);
  },
  JoinCodeChanged: (s, e) => ({ ...s, code: e.code }),
  JoinsDecided: (s, e) => {
    const approved = Object.fromEntries(e.approved.filter((p) => s.pending[p]).map((p) => [p, s.pending[p]]));
    const decided = new Set([...e.approved, ...e.turned_away]);
    return { ...s, participants: { ...s.participants, ...approved }, pending: only(s.pending, (k) => !decided.has(k)) };
  },
  JoiningLocked: (s) => s,
  ApprovalRequired: (s) => s,
  RoleLinkCreated: (s) => s,
  RoleLinkRevoked: (s) => s,
};

/** @param {import("./protocol-types.js").Event} event @returns {event is PeopleEvent} */
export const isPeopleEvent = (event) => Object.prototype.hasOwnProperty.call(HANDLERS, event.type);

/** @param {State} state @param {PeopleEvent} event @returns {State} */
export function applyPeople(state, event) {
  // The handler under the event's type takes that event (tsc cannot follow a correlated union).
  return /** @type {(s: State, e: PeopleEvent) => State} */ (HANDLERS[event.type])(state, event);
}
