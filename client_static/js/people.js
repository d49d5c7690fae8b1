// The moderator's decisions about people, folded into the pages' state: a mirror of
// facilitation/people.py on the parts the pages hold. A removed or merged person's record
// leaves the participants, and with it their place in a group, their positions and their
// reactions; a join waiting for approval stays in `pending` until the moderator lets it in;
// a new join code replaces the old. The roster's other facts (locks, links) change nothing
// a page shows yet, so they only move the version on.

/** @import { EventTypes, Participant } from "./protocol-types.js" */
/** @import { State } from "./state.js" */

/**
 * @typedef {"ParticipantRemoved" | "ParticipantRenamed" | "ParticipantsMerged" | "JoiningLocked"
 *   | "JoinCodeChanged" | "ApprovalRequired" | "JoinsDecided" | "RoleLinkCreated"
 *   | "RoleLinkRevoked"} PeopleEventType
 * @typedef {EventTypes[PeopleEventType]} PeopleEvent
 */

/**
 * @template T
 * @param {Record<string, T>} record
 * @param {(key: string) => boolean} keep
 * @returns {Record<string, T>}
 */
const only = (record, keep) => Object.fromEntries(Object.entries(record).filter(([k]) => keep(k)));

/**
 * The state with a person's record, group place, positions and reactions gone.
 * @param {State} s
 * @param {string} who
 * @returns {State}
 */
function without(s, who) {
  const groups = { ...s.groups };
  const groupId = s.group_of[who];
  if (groupId !== undefined && groups[groupId]) {
    groups[groupId] = { ...groups[groupId], members: groups[groupId].members.filter((m) => m !== who) };
  }
  const positions = Object.fromEntries(Object.entries(s.positions).map(([p, by]) => [p, only(by, (k) => k !== who)]));
  const reactions = Object.fromEntries(Object.entries(s.plenary.reactions).map(([n, by]) => [n, only(by, (k) => k !== who)]));
  return {
    ...s,
    participants: only(s.participants, (k) => k !== who),
    groups,
    group_of: only(s.group_of, (k) => k !== who),
    positions,
    plenary: { ...s.plenary, reactions },
  };
}

/**
 * The merged record's entry counts as the kept one's where that has none.
 * @template {object} T
 * @param {Record<string, T>} byPerson
 * @param {string} kept
 * @param {string} merged
 * @returns {Record<string, T>}
 */
function takeOver(byPerson, kept, merged) {
  if (!(merged in byPerson)) return byPerson;
  const entries = only(byPerson, (k) => k !== merged);
  if (!(kept in entries)) {
    const entry = byPerson[merged];
    entries[kept] = "participant_id" in entry ? { ...entry, participant_id: kept } : entry;
  }
  return entries;
}

/** @type {{[K in PeopleEventType]: (s: State, e: EventTypes[K]) => State}} */
const HANDLERS = {
  ParticipantRemoved: (s, e) => {
    if (!s.participants[e.participant_id] && !s.pending[e.participant_id]) return s;
    const removed = without(s, e.participant_id);
    return { ...removed, pending: only(removed.pending, (k) => k !== e.participant_id) };
  },
  ParticipantRenamed: (s, e) => {
    /** @param {Participant} p */
    const renamed = (p) => ({ ...p, name: e.name, organisation: e.organisation });
    const who = e.participant_id;
    if (s.participants[who]) return { ...s, participants: { ...s.participants, [who]: renamed(s.participants[who]) } };
    if (s.pending[who]) return { ...s, pending: { ...s.pending, [who]: renamed(s.pending[who]) } };
    return s;
  },
  ParticipantsMerged: (s, e) => {
    const { kept_id: kept, merged_id: merged } = e;
    if (!s.participants[merged] || !s.participants[kept]) return s;
    const positions = Object.fromEntries(Object.entries(s.positions).map(([p, by]) => [p, takeOver(by, kept, merged)]));
    const reactions = Object.fromEntries(Object.entries(s.plenary.reactions).map(([n, by]) => [n, takeOver(by, kept, merged)]));
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

/**
 * Whether an event belongs to the people fold.
 * @param {import("./protocol-types.js").Event} event
 * @returns {event is PeopleEvent}
 */
export const isPeopleEvent = (event) => Object.hasOwn(HANDLERS, event.type);

/**
 * @param {State} state
 * @param {PeopleEvent} event
 * @returns {State}
 */
export function applyPeople(state, event) {
  // The handler under the event's type takes that event (tsc cannot follow a correlated union).
  const handler = /** @type {(s: State, e: PeopleEvent) => State} */ (HANDLERS[event.type]);
  return handler(state, event);
}
