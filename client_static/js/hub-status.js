// The hub's situation in words: the round's end on the hub's own clock, and what it waits for.

/** @import { State } from "./state.js" */
/** @import { Hub } from "./protocol-types.js" */

/** @param {number} ms @param {string} [timeZone] */
export function clock(ms, timeZone) {
  return new Intl.DateTimeFormat([], { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(ms);
}

/**
 * "ends 14:32 in Nairobi": the round's end on the hub's own clock.
 * @param {import("./state.js").RoundClock | null} roundClock
 * @param {Hub | undefined} hub
 */
export function endsLocal(roundClock, hub) {
  if (!roundClock || !hub) return "";
  if (roundClock.paused_remaining_ms !== null) return "paused";
  const place = hub.city || hub.timezone.split("/").pop()?.replaceAll("_", " ");
  try {
    return `ends ${clock(roundClock.ends_at_ms, hub.timezone)} in ${place}`;
  } catch {
    return `ends ${clock(roundClock.ends_at_ms, "UTC")} UTC`; // a zone this browser does not know
  }
}

/** @param {State} state @param {boolean} placed @param {boolean} working */
export function waiting(state, placed, working) {
  if (working) return "";
  if (state.phase === "finished") return "The rotation is over. Follow the composite text below as it forms.";
  if (!placed) return state.phase === "setup" ? "The moderator assigns the groups soon." : "The moderator places the hub in a group soon.";
  if (state.phase === "assigned") return "The first round starts soon.";
  return "The hub's group has no point in this round: tell the moderator.";
}
