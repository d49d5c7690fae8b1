// The session state and `apply`, the fold of events into it: a mirror of
// facilitation/state.py (`evolve`). Plain objects, never mutated: `apply` copies only the part
// that changes, so a page can tell what changed by comparing references.

import { applyPlenary, initialPlenary, isPlenaryEvent } from "./plenary.js";
import { applyRemote, initialRemote, isRemoteEvent } from "./remote.js";
import { COMPROMISE, DEFAULT_ROUND_SECS, DEFAULT_STAKEHOLDER_GROUPS, UNDECIDED } from "./vocabulary.js";

/**
 * @typedef {{option_id: string, label: string}} Option
 * @typedef {{point_id: string, paragraph: number, question: string, options: Option[]}} Point
 * @typedef {{group_count: number | null, target_group_size: number | null,
 *   round_secs: number, remote_groups: number}} Settings
 * @typedef {{participant_id: string, name: string, organisation: string,
 *   stakeholder_group: string, region: string, mode: import("./vocabulary.js").Mode,
 *   hub_name: string, joined_at_ms: number}} Participant
 * @typedef {{group_id: string, number: number, kind: "room" | "remote", label: string,
 *   members: string[], hubs: string[]}} Group
 * @typedef {{in_favour: number, against: number, abstain: number}} Hands
 * @typedef {{group_id: string, point_id: string, round: number, choice: string,
 *   compromise_text: string, strength: import("./vocabulary.js").Strength, hands: Hands,
 *   notes: string, recorded_by: string, recorded_at_ms: number, revision: number}} Outcome
 * @typedef {{number: number, started_at_ms: number, ends_at_ms: number, length_ms: number,
 *   paused_remaining_ms: number | null, warned: number[]}} RoundClock
 * `length_ms`: the round's first span plus extensions, time spent paused not counted.
 * @typedef {{group_id: string, round: number, choice: string}} Position
 * @typedef {{
 *   session_id: string | null, code: string, title: string, created_at_ms: number,
 *   version: number, phase: import("./vocabulary.js").Phase, configured: boolean,
 *   paragraphs: string[], points: Point[], stakeholder_groups: string[], settings: Settings,
 *   participants: Record<string, Participant>, groups: Record<string, Group>,
 *   group_of: Record<string, string>, seed: number | null, group_order: string[],
 *   plan: string[][], clock: RoundClock | null,
 *   positions: Record<string, Record<string, Position>>,
 *   outcomes: Record<string, Outcome>,
 *   rotation_started_at_ms: number | null, rotation_finished_at_ms: number | null,
 *   plenary: import("./plenary.js").Plenary,
 *   remote: import("./remote.js").Remote, hub_group: Record<string, string>,
 * }} State
 * `positions`: point id -> participant id -> that participant's latest position on the point.
 * `outcomes`: `${group_id}|${point_id}` -> the group's latest flip-chart record.
 * @typedef {{type: string, [field: string]: any}} Event
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

/** @type {Record<string, (state: State, event: Event) => State>} */
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
  ParticipantJoined: (s, e) => ({
    ...s,
    participants: { ...s.participants, [e.participant.participant_id]: e.participant },
  }),
  GroupsAssigned: (s, e) => {
    /** @type {Record<string, Group>} */
    const groups = {};
    /** @type {Record<string, string>} */
    const groupOf = {};
    /** @type {Record<string, string>} */
    const hubs = {};
    for (const g of /** @type {Group[]} */ (e.groups)) {
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
    if (e.column === null || e.column === undefined) return changed;
    // During the rotation a new group brings its column of the plan: its point in each round.
    const plan = s.plan.map((row, r) => [...row, e.column[r]]);
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
      const paused = e.ends_at_ms === null || e.ends_at_ms === undefined;
      const added = paused ? e.remaining_ms - (c.paused_remaining_ms ?? 0) : e.ends_at_ms - c.ends_at_ms;
      const moved = paused
        ? { ...c, paused_remaining_ms: e.remaining_ms, length_ms: c.length_ms + added }
        : { ...c, ends_at_ms: e.ends_at_ms, length_ms: c.length_ms + added };
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
  if (isPlenaryEvent(event.type)) next = { ...state, plenary: applyPlenary(state.plenary, event) };
  else if (isRemoteEvent(event.type)) next = { ...state, remote: applyRemote(state.remote, event) };
  else if (Object.prototype.hasOwnProperty.call(HANDLERS, event.type)) next = HANDLERS[event.type](state, event);
  return { ...next, version: state.version + 1 };
}

/**
 * @param {State} state
 * @param {string | null | undefined} pointId
 * @returns {Point | null}
 */
export function pointById(state, pointId) {
  return state.points.find((p) => p.point_id === pointId) ?? null;
}

/**
 * The point a group works on now; null outside a round or for a group with no plan.
 * @param {State} state
 * @param {string | null | undefined} groupId
 * @returns {string | null}
 */
export function currentPoint(state, groupId) {
  if (state.clock === null || !groupId) return null;
  const index = state.group_order.indexOf(groupId);
  if (index < 0) return null;
  return state.plan[state.clock.number - 1]?.[index] ?? null;
}

/**
 * Points the group has reached so far in the rotation, the current one included.
 * @param {State} state
 * @param {string} groupId
 * @returns {string[]}
 */
export function consideredPoints(state, groupId) {
  const index = state.group_order.indexOf(groupId);
  if (index < 0) return [];
  const done = state.phase === "finished" ? state.plan.length : state.clock ? state.clock.number : 0;
  return state.plan.slice(0, done).map((row) => row[index]);
}

/**
 * Live positions of a group on a point (tally.py): a count per option id, plus "compromise" and
 * "undecided". A participant counts for the group their latest position on the point was
 * taken in; a hub, its latest block's people.
 * @param {State} state
 * @param {string} groupId
 * @param {string} pointId
 * @returns {Record<string, number>}
 */
export function tally(state, groupId, pointId) {
  /** @type {Record<string, number>} */
  const counts = {};
  for (const option of pointById(state, pointId)?.options ?? []) counts[option.option_id] = 0;
  counts[COMPROMISE] = 0;
  counts[UNDECIDED] = 0;
  for (const position of Object.values(state.positions[pointId] ?? {})) {
    if (position.group_id === groupId) counts[position.choice] = (counts[position.choice] ?? 0) + 1;
  }
  for (const block of Object.values(state.remote.blocks[pointId] ?? {})) {
    if (block.group_id !== groupId) continue;
    for (const [choice, n] of Object.entries(block.counts)) counts[choice] = (counts[choice] ?? 0) + n;
  }
  return counts;
}

/** Members and hubs' head counts (tally.py). @param {State} state @param {string} groupId */
export function groupSize(state, groupId) {
  const group = state.groups[groupId];
  return group ? group.members.length + group.hubs.reduce((n, h) => n + (state.remote.hubs[h]?.head_count ?? 0), 0) : 0;
}

/**
 * Time left in the round, by the server's clock; a paused round shows its remaining time.
 * @param {RoundClock | null} clock
 * @param {number} serverNow the server's ms clock (Date.now() corrected by the offset)
 * @returns {number}
 */
export function remainingMs(clock, serverNow) {
  if (clock === null) return 0;
  if (clock.paused_remaining_ms !== null && clock.paused_remaining_ms !== undefined) {
    return clock.paused_remaining_ms;
  }
  return Math.max(0, clock.ends_at_ms - serverNow);
}

/**
 * What people call an option: "A: Label", the compromise or undecided.
 * @param {Point | null} point
 * @param {string} choice
 * @returns {string}
 */
export function choiceLabel(point, choice) {
  if (choice === COMPROMISE) return "A compromise";
  if (choice === UNDECIDED) return "Undecided";
  return point?.options.find((o) => o.option_id === choice)?.label ?? choice;
}

/**
 * "Group 3, table by the window".
 * @param {Group | null | undefined} group
 * @returns {string}
 */
export function groupName(group) {
  if (!group) return "";
  return group.label ? `Group ${group.number}, ${group.label}` : `Group ${group.number}`;
}
