// The plenary part of the state (composite text, reactions, decision, endorsement register):
// a mirror of facilitation/plenary.py (`evolve_plenary`). Plain objects, never mutated.

/** @import { CompositeParagraph, Decision, Endorsement, EventTypes, ReactionRecord } from "./protocol-types.js" */
/**
 * @typedef {"ParagraphComposed" | "ReactionGiven" | "ObjectionAddressed" | "TextClosed" | "TextNotClosed"
 *   | "RegisterOpened" | "EndorsementGiven" | "EndorsementWithdrawn"} PlenaryEventType
 * @typedef {EventTypes[PlenaryEventType]} PlenaryEvent
 * @typedef {{
 *   composite: Record<string, CompositeParagraph>,
 *   composite_version: number,
 *   reactions: Record<string, Record<string, ReactionRecord>>,
 *   addressed: string[],
 *   decision: Decision | null,
 *   register: import("./protocol-types.js").Register,
 *   endorsements: Record<string, Endorsement>,
 * }} Plenary
 * `composite`: paragraph number -> its composite wording (a paragraph not here keeps the draft).
 * `reactions`: paragraph number -> participant id -> their latest reaction.
 * `addressed`: `${paragraph}|${participant_id}` of objections the chair marked addressed, sorted.
 */

/** @returns {Plenary} */
export function initialPlenary() {
  return { composite: {}, composite_version: 0, reactions: {}, addressed: [], decision: null, register: "closed", endorsements: {} };
}

/** @param {number} paragraph @param {string} participantId */
export const addressedKey = (paragraph, participantId) => `${paragraph}|${participantId}`;

/** @param {string[]} keys @param {string} key */
const without = (keys, key) => keys.filter((k) => k !== key);
/** @param {string[]} keys @param {string} key */
const withKey = (keys, key) => (keys.includes(key) ? keys : [...keys, key].sort());

/** @type {{[K in PlenaryEventType]: (p: Plenary, e: EventTypes[K]) => Plenary}} */
const HANDLERS = {
  ParagraphComposed: (p, e) => ({
    ...p,
    composite: { ...p.composite, [e.entry.paragraph]: e.entry },
    composite_version: e.composite_version,
  }),
  ReactionGiven: (p, e) => {
    const r = e.reaction;
    return {
      ...p,
      reactions: { ...p.reactions, [r.paragraph]: { ...(p.reactions[r.paragraph] ?? {}), [r.participant_id]: r } },
      // A new reaction is a new objection, or none: an earlier "addressed" mark does not carry over.
      addressed: without(p.addressed, addressedKey(r.paragraph, r.participant_id)),
    };
  },
  ObjectionAddressed: (p, e) => {
    const key = addressedKey(e.paragraph, e.participant_id);
    return { ...p, addressed: e.addressed ? withKey(p.addressed, key) : without(p.addressed, key) };
  },
  TextClosed: (p, e) => ({ ...p, decision: e.decision, register: "present" }),
  TextNotClosed: (p, e) => ({ ...p, decision: e.decision }),
  RegisterOpened: (p, e) => ({ ...p, register: e.open_to }),
  EndorsementGiven: (p, e) => ({ ...p, endorsements: { ...p.endorsements, [e.endorsement.endorsement_id]: e.endorsement } }),
  EndorsementWithdrawn: (p, e) => {
    const endorsements = { ...p.endorsements };
    delete endorsements[e.endorsement_id];
    return { ...p, endorsements };
  },
};

/**
 * Whether an event belongs to the plenary fold.
 * @param {import("./protocol-types.js").Event} event
 * @returns {event is PlenaryEvent}
 */
export const isPlenaryEvent = (event) => Object.prototype.hasOwnProperty.call(HANDLERS, event.type);

/**
 * @param {Plenary} plenary
 * @param {PlenaryEvent} event
 * @returns {Plenary}
 */
export function applyPlenary(plenary, event) {
  // The handler under the event's type takes that event (tsc cannot follow a correlated union).
  const handler = /** @type {(p: Plenary, e: PlenaryEvent) => Plenary} */ (HANDLERS[event.type]);
  return handler(plenary, event);
}
