// GENERATED from the core's vocabulary and models by `make protocol`
// (server/protocol_js.py): do not edit; tests/contract checks it is current.

/** @import { Role } from "./protocol-types.js" */

// --- Enums (facilitation/vocabulary.py, capabilities.py, server/wire.py)

export const MODES = /** @type {const} */ (["room", "hub", "remote"]);
export const GROUP_KINDS = /** @type {const} */ (["room", "remote"]);
export const STRENGTHS = /** @type {const} */ ([
  "consensus", "rough_consensus", "majority", "divided"
]);
export const ROLES = /** @type {const} */ ([
  "moderator", "screen", "facilitator", "participant", "hub", "guest", "endorser", "system"
]);
export const HUB_PLACEMENTS = /** @type {const} */ (["breakout", "remote"]);
export const REACTIONS = /** @type {const} */ (["support", "live_with", "object"]);
export const COMPOSITE_SOURCES = /** @type {const} */ ([
  "draft", "option", "compromise", "custom"
]);
export const DECISION_KINDS = /** @type {const} */ (["closed", "not_closed"]);
export const REGISTERS = /** @type {const} */ (["closed", "present", "everyone"]);
export const PHASES = /** @type {const} */ (["setup", "assigned", "rotation", "finished"]);
export const SCOPES = /** @type {const} */ (["any", "own_group", "own", "owner"]);
export const ERROR_CODES = /** @type {const} */ ([
  "invalid", "unknown_command", "forbidden", "wrong_phase", "not_found", "stale", "duplicate",
  "rate_limited", "refused", "unavailable", "unknown_request", "internal"
]);
export const CONNECT_ERROR_CODES = /** @type {const} */ ([
  "bad_token", "not_found", "forbidden", "unavailable", "internal"
]);

/** A position or outcome choice besides an option id. @type {"compromise"} */
export const COMPROMISE = "compromise";

/** A position choice. @type {"undecided"} */
export const UNDECIDED = "undecided";

// --- Constants of the core

/** @type {readonly string[]} */
export const DEFAULT_STAKEHOLDER_GROUPS = [
  "Government", "Private sector", "Civil society", "Technical and academic community",
  "Intergovernmental organisations"
];

/** Offered on the join form; free text is accepted too. @type {readonly string[]} */
export const REGIONS = [
  "Africa", "Asia-Pacific", "Eastern Europe", "Latin America and Caribbean",
  "Western Europe and others", "North America"
];

/** @type {number} */
export const DEFAULT_ROUND_SECS = 1200;

/** @type {number} */
export const DEFAULT_TARGET_GROUP_SIZE = 8;

/** Longest first. @type {readonly number[]} */
export const ROUND_WARNING_SECS = [120, 30];

/** @type {number} */
export const MAX_ROUND_SECS = 14400;

/** @type {number} */
export const MAX_EXTEND_MINUTES = 60;

/** Option ids, in order. @type {string} */
export const OPTION_LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** Join codes: no I, O, 0, 1. @type {string} */
export const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** @type {number} */
export const CODE_LENGTH = 6;

/** The state keeps the latest messages only. @type {number} */
export const MESSAGES_KEPT = 200;

/**
 * Roles that see every event (facilitation/capabilities.py); the others see the public ones and
 * their own.
 * @type {readonly Role[]}
 */
export const SEES_EVERY_EVENT = ["facilitator", "moderator", "screen", "system"];

export {};
