// The remote part of the state: a mirror of facilitation/remote.py (`evolve_remote`).

import { MESSAGES_KEPT } from "./protocol.js";

/** @import { EventTypes, Hub } from "./protocol-types.js" */
/**
 * @typedef {{group_id: string, round: number, counts: Record<string, number>}} HubBlock
 * @typedef {{from_role: string, from_id: string, text: string, sent_at_ms: number}} Message
 * @typedef {{hubs: Record<string, Hub>, blocks: Record<string, Record<string, HubBlock>>,
 *   hands: string[], messages: Message[], broadcast: Message | null}} Remote
 * @typedef {"HubRegistered" | "HeadCountSet" | "ExpectedHeadCountSet" | "HubPositionsSet"
 *   | "HandRaised" | "MessageSent" | "MessageBroadcast"} RemoteEventType
 * @typedef {EventTypes[RemoteEventType]} RemoteEvent
 */

/** @returns {Remote} */
export const initialRemote = () => ({ hubs: {}, blocks: {}, hands: [], messages: [], broadcast: null });

/** @type {{[K in RemoteEventType]: (r: Remote, e: EventTypes[K]) => Remote}} */
const HANDLERS = {
  HubRegistered: (r, e) => ({ ...r, hubs: { ...r.hubs, [e.hub.hub_id]: e.hub } }),
  HeadCountSet: (r, e) => ({ ...r, hubs: { ...r.hubs, [e.hub_id]: { ...r.hubs[e.hub_id], head_count: e.head_count } } }),
  ExpectedHeadCountSet: (r, e) => {
    const hub = r.hubs[e.hub_id];
    const changed = { ...hub, expected_head_count: e.expected_head_count, head_count: Math.min(hub.head_count, e.expected_head_count) };
    return { ...r, hubs: { ...r.hubs, [e.hub_id]: changed } };
  },
  HubPositionsSet: (r, e) => {
    const block = { group_id: e.group_id, round: e.round, counts: e.counts };
    return { ...r, blocks: { ...r.blocks, [e.point_id]: { ...r.blocks[e.point_id], [e.hub_id]: block } } };
  },
  HandRaised: (r, e) => {
    const others = r.hands.filter((h) => h !== e.hub_id);
    return { ...r, hands: e.raised ? [...others, e.hub_id].sort() : others };
  },
  MessageSent: (r, e) => {
    const message = { from_role: e.from_role, from_id: e.from_id, text: e.text, sent_at_ms: e.sent_at_ms };
    return { ...r, messages: [...r.messages, message].slice(-MESSAGES_KEPT) };
  },
  MessageBroadcast: (r, e) => ({ ...r, broadcast: { from_role: "moderator", from_id: "", text: e.text, sent_at_ms: e.sent_at_ms } }),
};

/**
 * Whether an event belongs to the remote fold.
 * @param {import("./protocol-types.js").Event} event
 * @returns {event is RemoteEvent}
 */
export const isRemoteEvent = (event) => Object.prototype.hasOwnProperty.call(HANDLERS, event.type);

/** @param {Remote} remote @param {RemoteEvent} event @returns {Remote} */
export function applyRemote(remote, event) {
  // The handler under the event's type takes that event (tsc cannot follow a correlated union).
  const handler = /** @type {(r: Remote, e: RemoteEvent) => Remote} */ (HANDLERS[event.type]);
  return handler(remote, event);
}
