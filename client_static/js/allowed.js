// What the core allows now, so that a page offers exactly that: the generated capability table
// (who may give a command) plus the conditions of the state the core's rule checks before it
// accepts. Each function names the rule it follows; tests/contract holds them to it.

import { mayGive } from "./capabilities.js";

/** @import { State } from "./state.js" */
/** @import { Role, Me } from "./protocol-types.js" */

/**
 * Whether `role` may draw the groups now (facilitation/setup.py assign_groups): before the
 * rotation, once the session is set up, with someone to place: people who joined or
 * registered hubs, each of which is a seat in the draw.
 * @param {State} state
 * @param {Role} role
 */
export function canAssign(state, role) {
  return (
    mayGive(role, "AssignGroups") &&
    (state.phase === "setup" || state.phase === "assigned") &&
    state.configured &&
    (Object.keys(state.participants).length > 0 || Object.keys(state.remote.hubs).length > 0)
  );
}

/**
 * Whether this page may endorse the closed text now (facilitation/decision.py endorse): once the
 * chair has closed it; those who took part before the decision at once, anyone else (a guest,
 * or someone who joined after the decision) once the register is open to everyone; a
 * participant once (someone from the open link is told so by the server: it cannot know them).
 * @param {State} state
 * @param {Me | null} me
 */
export function canEndorse(state, me) {
  const decision = state.plenary.decision;
  if (!me || !mayGive(me.role, "Endorse") || !decision || decision.kind !== "closed") return false;
  if (me.role !== "participant") return state.plenary.register === "everyone";
  // A participant the session no longer has (removed by the moderator) is refused outright.
  const person = state.participants[me.participant_id ?? ""];
  if (!person || Object.values(state.plenary.endorsements).some((e) => e.participant_id === person.participant_id)) return false;
  return state.plenary.register === "everyone" || person.joined_at_ms <= decision.decided_at_ms;
}
