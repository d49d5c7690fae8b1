// What a page reads from the state besides the state itself: the point a group is on, the
// points it has reached, live tallies and group sizes (facilitation/state.py, tally.py), the
// time left in a round, and names as people say them.

import { COMPROMISE, UNDECIDED } from "./protocol.js";

/** @import { State, RoundClock } from "./state.js" */
/** @import { Point, Group } from "./protocol-types.js" */

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
