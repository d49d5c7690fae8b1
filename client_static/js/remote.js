// The remote part of the state: a mirror of facilitation/remote.py (`evolve_remote`).

/**
 * @typedef {{hub_id: string, name: string, city: string, country: string, timezone: string,
 *   expected_head_count: number, head_count: number, placement: "breakout" | "remote"}} Hub
 * @typedef {{group_id: string, round: number, counts: Record<string, number>}} HubBlock
 * @typedef {{from_role: string, from_id: string, text: string, sent_at_ms: number}} Message
 * @typedef {{hubs: Record<string, Hub>, blocks: Record<string, Record<string, HubBlock>>,
 *   hands: string[], messages: Message[], broadcast: Message | null}} Remote
 * @typedef {import("./state.js").Event} Event
 */

export const MESSAGES_KEPT = 200;

/** @returns {Remote} */
export const initialRemote = () => ({ hubs: {}, blocks: {}, hands: [], messages: [], broadcast: null });

/** @param {Event} e @returns {Message} */
const message = (e) => ({ from_role: e.from_role ?? "moderator", from_id: e.from_id ?? "", text: e.text, sent_at_ms: e.sent_at_ms });

/** @type {Record<string, (r: Remote, e: Event) => Remote>} */
const HANDLERS = {
  HubRegistered: (r, e) => ({ ...r, hubs: { ...r.hubs, [e.hub.hub_id]: e.hub } }),
  HeadCountSet: (r, e) => ({ ...r, hubs: { ...r.hubs, [e.hub_id]: { ...r.hubs[e.hub_id], head_count: e.head_count } } }),
  HubPositionsSet: (r, e) => {
    const block = { group_id: e.group_id, round: e.round, counts: e.counts };
    return { ...r, blocks: { ...r.blocks, [e.point_id]: { ...r.blocks[e.point_id], [e.hub_id]: block } } };
  },
  HandRaised: (r, e) => {
    const others = r.hands.filter((h) => h !== e.hub_id);
    return { ...r, hands: e.raised ? [...others, e.hub_id].sort() : others };
  },
  MessageSent: (r, e) => ({ ...r, messages: [...r.messages, message(e)].slice(-MESSAGES_KEPT) }),
  MessageBroadcast: (r, e) => ({ ...r, broadcast: message(e) }),
};

/** @param {string} type */
export const isRemoteEvent = (type) => Object.prototype.hasOwnProperty.call(HANDLERS, type);

/** @param {Remote} remote @param {Event} event @returns {Remote} */
export const applyRemote = (remote, event) => (isRemoteEvent(event.type) ? HANDLERS[event.type](remote, event) : remote);
