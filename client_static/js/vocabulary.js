// What people read for the words of the process. The values themselves (strengths, modes,
// reactions, the choices besides an option) come from the generated protocol.js; this module
// only puts them into words, and tsc checks that every value has its words.

/** @import { Strength, Mode, Reaction } from "./protocol-types.js" */

/** @type {Readonly<Record<Strength, string>>} */
export const STRENGTH_LABELS = {
  consensus: "Consensus",
  rough_consensus: "Rough consensus",
  majority: "Majority",
  divided: "Divided",
};

/** @type {Readonly<Record<Mode, string>>} */
export const MODE_LABELS = { room: "In the room", hub: "At a hub", remote: "Remote" };

/** @type {Readonly<Record<Reaction, string>>} */
export const REACTION_LABELS = { support: "Support", live_with: "Can live with it", object: "Object" };

/**
 * A strength in words; a value this page does not know (a newer server) as it is.
 * @param {string} strength
 */
export const strengthLabel = (strength) => STRENGTH_LABELS[/** @type {Strength} */ (strength)] ?? strength;
