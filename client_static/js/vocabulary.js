// The words of the process, mirrored from facilitation/vocabulary.py. Keep the two in step.

/** @typedef {"room" | "hub" | "remote"} Mode */
/** @typedef {"consensus" | "rough_consensus" | "majority" | "divided"} Strength */
/** @typedef {"setup" | "assigned" | "rotation" | "finished"} Phase */

/** @type {readonly Strength[]} */
export const STRENGTHS = ["consensus", "rough_consensus", "majority", "divided"];

/** @type {Readonly<Record<Strength, string>>} */
export const STRENGTH_LABELS = {
  consensus: "Consensus",
  rough_consensus: "Rough consensus",
  majority: "Majority",
  divided: "Divided",
};

export const COMPROMISE = "compromise";
export const UNDECIDED = "undecided";

/** @type {readonly string[]} */
export const DEFAULT_STAKEHOLDER_GROUPS = [
  "Government",
  "Private sector",
  "Civil society",
  "Technical and academic community",
  "Intergovernmental organisations",
];

/** Offered on the join form; free text is accepted too. @type {readonly string[]} */
export const REGIONS = [
  "Africa",
  "Asia-Pacific",
  "Eastern Europe",
  "Latin America and Caribbean",
  "Western Europe and others",
  "North America",
];

/** @type {Readonly<Record<Mode, string>>} */
export const MODE_LABELS = { room: "In the room", hub: "At a hub", remote: "Remote" };

export const DEFAULT_ROUND_SECS = 20 * 60; // the seed's rotation "every 20 minutes or so"
export const DEFAULT_TARGET_GROUP_SIZE = 8; // facilitation/setup.py
