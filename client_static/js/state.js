// The session state and `apply`, the fold of events into it: a mirror of
// facilitation/state.py (`evolve`). Plain objects, never mutated: `apply` copies only the part
// that changes, so a page can tell what changed by comparing references. What a page derives
// from the state (the point a group is on, tallies, names) is in views.js.

import { applyPeople, isPeopleEvent } from "./people.js";
import { applyPlenary, initialPlenary, isPlenaryEvent } from "./plenary.js";
import { DEFAULT_ROUND_SECS, DEFAULT_STAKEHOLDER_GROUPS } from "./protocol.js";
import { applyRemote, initialRemote, isRemoteEvent } from "./remote.js";

/** @import { Event, EventType, EventTypes, Group, Outcome, Participant, Point, Settings } from "./protocol-types.js" */
/**
 * @typedef {{number: number, started_at_ms: number, ends_at_ms: number, length_ms: number,
 *   paused_remaining_ms: number | null, warned: number[]}} RoundClock
 * `length_ms`: the round's first span plus extensions, time spent paused not counted.
 * @typedef {{group_id: string, round: number, choice: string}} Position
 * @typedef {{
 *   session_id: string | null, code: string, title: string, created_at_ms: number,
 *   version: number, phase: import("./protocol-types.js").Phase, configured: boolean,
 *   paragraphs: string[], points: Point[], stakeholder_groups: string[], settings: Settings,
 *   participants: Record<string, Participant>, groups: Record<string, Group>,
 *   group_of: Record<string, string>, seed: number | null, group_order: string[],
 *   plan: string[][], clock: RoundClock | null,
 *   positions: Record<string, Record<string, Position>>,
 *   outcomes: Record<string, Outcome>,
 *   rotation_started_at_ms: number | null, rotation_finished_at_ms: number | null,
 *   plenary: import("./plenary.js").Plenary,
 *   remote: import("./remote.js").Remote, hub_group: Record<string, string>,
 *   pending: Record<string, Participant>,
 * }} State
 * `positions`: point id -> participant id -> that participant's latest position on the point.
 * `outcomes`: `${group_id}|${point_id}` -> the group's latest flip-chart record.
 * `pending`: joins waiting for the moderator's approval (the core's `roster.pending`).
 */

/** The state before the log's first event (SessionCreated). @returns {State} */
export function initialState() {
  return {
    session_id: null,
    code: "",
    title: "",
    created_at_ms: 0,
    version: 0,
    phase: "setup",
    configured: false,
    paragraphs: [],
    points: [],
    stakeholder_groups: [...DEFAULT_STAKEHOLDER_GROUPS],
    settings: { group_count: null, target_group_size: null, round_secs: DEFAULT_ROUND_SECS, remote_groups: 1 },
    participants: {},
    groups: {},
    group_of: {},
    seed: null,
    group_order: [],
    plan: [],
    clock: null,
    positions: {},
    outcomes: {},
    rotation_started_at_ms: null,
    rotation_finished_at_ms: null,
    plenary: initialPlenary(),
    remote: initialRemote(),
    hub_group: {},
    pending: {},
  };
}

/** @param {string} groupId @param {string} pointId */
export const outcomeKey = (groupId, pointId) => `${groupId}|${pointId}`;

/**
 * @param {State} state
 * @param {string} participantId
 * @param {string} groupId
 * @returns {State}
 */
function withMember(state, participantId, groupId) {
  const target = state.groups[groupId];
  if (!target) return state;
  const groups = { ...state.groups };
  const old = state.group_of[participantId];
  if (old !== undefined && groups[old]) {
    groups[old] = { ...groups[old], members: groups[old].members.filter((m) => m !== participantId) };
  }
  groups[groupId] = { ...groups[groupId], members: [...groups[groupId].members, participantId] };
  return { ...state, groups, group_of: { ...state.group_of, [participantId]: groupId } };
}

/**
 * @param {State} state
 * @param {(clock: RoundClock) => RoundClock} change
 * @returns {State}
 */
function withClock(state, change) {
  return state.clock === null ? state : { ...state, clock: change(state.clock) };
}

/** @type {{[K in EventType]?: (state: State, event: EventTypes[K]) => State}} */
const HANDLERS = {
  SessionCreated: (s, e) =>
    s.session_id !== null
      ? s // SessionCreated after the first has no effect
      : { ...s, session_id: e.session_id, code: e.code, title: e.title, created_at_ms: e.created_at_ms },
  SessionConfigured: (s, e) => ({
    ...s,
    configured: true,
    title: e.title,
    paragraphs: e.paragraphs,
    points: e.points,
    stakeholder_groups: e.stakeholder_groups,
    settings: e.settings,
  }),
  ParticipantJoined: (s, e) =>
    e.pending
      ? { ...s, pending: { ...s.pending, [e.participant.participant_id]: e.participant } }
      : { ...s, participants: { ...s.participants, [e.participant.participant_id]: e.participant } },
  GroupsAssigned: (s, e) => {
    /** @type {Record<string, Group>} */
    const groups = {};
    /** @type {Record<string, string>} */
    const groupOf = {};
    /** @type {Record<string, string>} */
    const hubs = {};
    for (const g of e.groups) {
      groups[g.group_id] = g;
      for (const m of g.members) groupOf[m] = g.group_id;
      for (const h of g.hubs) hubs[h] = g.group_id;
    }
    return { ...s, phase: "assigned", seed: e.seed, groups, group_of: groupOf, hub_group: hubs };
  },
  HubPlaced: (s, e) => {
    const groups = { ...s.groups };
    const old = groups[s.hub_group[e.hub_id]];
    if (old) groups[old.group_id] = { ...old, hubs: old.hubs.filter((h) => h !== e.hub_id) };
    const to = groups[e.group_id];
    if (to) groups[e.group_id] = { ...to, hubs: [...to.hubs, e.hub_id] };
    return { ...s, groups, hub_group: { ...s.hub_group, [e.hub_id]: e.group_id } };
  },
  GroupCreated: (s, e) => {
    const changed = { ...s, groups: { ...s.groups, [e.group.group_id]: e.group } };
    const column = e.column;
    if (!column) return changed; // null: a group opened before the rotation
    // During the rotation a new group brings its column of the plan: its point in each round.
    const plan = s.plan.map((row, r) => [...row, column[r]]);
    return { ...changed, group_order: [...s.group_order, e.group.group_id], plan };
  },
  ParticipantPlaced: (s, e) => withMember(s, e.participant_id, e.group_id),
  ParticipantMoved: (s, e) => withMember(s, e.participant_id, e.to_group_id),
  GroupLabelled: (s, e) =>
    s.groups[e.group_id]
      ? { ...s, groups: { ...s.groups, [e.group_id]: { ...s.groups[e.group_id], label: e.label } } }
      : s,
  RotationStarted: (s, e) => ({ ...s, phase: "rotation", group_order: e.group_order, plan: e.plan }),
  RoundStarted: (s, e) => ({
    ...s,
    clock: {
      number: e.round,
      started_at_ms: e.started_at_ms,
      ends_at_ms: e.ends_at_ms,
      length_ms: e.ends_at_ms - e.started_at_ms,
      paused_remaining_ms: null,
      warned: [],
    },
    rotation_started_at_ms: e.round > 1 ? s.rotation_started_at_ms : e.started_at_ms,
  }),
  RoundWarned: (s, e) =>
    withClock(s, (c) =>
      c.warned.includes(e.secs_left) ? c : { ...c, warned: [...c.warned, e.secs_left].sort((a, b) => a - b) },
    ),
  RoundPaused: (s, e) => withClock(s, (c) => ({ ...c, paused_remaining_ms: e.remaining_ms })),
  RoundResumed: (s, e) => withClock(s, (c) => ({ ...c, ends_at_ms: e.ends_at_ms, paused_remaining_ms: null })),
  RoundExtended: (s, e) =>
    withClock(s, (c) => {
      const ends = e.ends_at_ms;
      const added = ends == null ? e.remaining_ms - (c.paused_remaining_ms ?? 0) : ends - c.ends_at_ms;
      const moved =
        ends == null
          ? { ...c, paused_remaining_ms: e.remaining_ms, length_ms: c.length_ms + added }
          : { ...c, ends_at_ms: ends, length_ms: c.length_ms + added };
      // A warning already given is due again once the extension puts its threshold ahead.
      return { ...moved, warned: moved.warned.filter((secs) => secs * 1000 >= e.remaining_ms) };
    }),
  RoundEnded: (s) => s, // the next RoundStarted or RotationFinished moves the clock on
  RotationFinished: (s, e) => ({ ...s, phase: "finished", clock: null, rotation_finished_at_ms: e.finished_at_ms }),
  PositionTaken: (s, e) => ({
    ...s,
    positions: {
      ...s.positions,
      [e.point_id]: {
        ...(s.positions[e.point_id] ?? {}),
        [e.participant_id]: { group_id: e.group_id, round: e.round, choice: e.choice },
      },
    },
  }),
  OutcomeRecorded: (s, e) => ({
    ...s,
    outcomes: { ...s.outcomes, [outcomeKey(e.outcome.group_id, e.outcome.point_id)]: e.outcome },
  }),
};

/**
 * The state after one more event. Events are facts: apply never throws, and an event it does
 * not know only moves the version on (as `evolve` does for a fact with no effect).
 * @param {State} state
 * @param {Event} event
 * @returns {State}
 */
export function apply(state, event) {
  let next = state;
  if (isPlenaryEvent(event)) next = { ...state, plenary: applyPlenary(state.plenary, event) };
  else if (isRemoteEvent(event)) next = { ...state, remote: applyRemote(state.remote, event) };
  else if (isPeopleEvent(event)) next = applyPeople(state, event);
  else if (Object.prototype.hasOwnProperty.call(HANDLERS, event.type)) {
    // tsc cannot tie HANDLERS[event.type] to this event's own member of the union (a
    // "correlated union"): the handler found under the event's type takes that event.
    const handler = /** @type {(state: State, event: Event) => State} */ (HANDLERS[event.type]);
    next = handler(state, event);
  }
  return { ...next, version: state.version + 1 };
}
