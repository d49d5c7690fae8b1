// The moderator's `review` request: the ranking per point and the chair's view per paragraph,
// computed by the server's core (facilitation/ranking.py, consensus.py), asked again after the
// events that change them, at most once per burst, over the page's one connection.

/** @typedef {import("./protocol-types.js").ReviewAck} Review */

const REVIEW_THROTTLE_MS = 250; // events come in bursts: one `review` per burst, within a second
const REVIEW_RETRY_MS = 2000;
const REVIEW_TIMEOUT_MS = 5000;

/**
 * @param {import("./connection.js").Connection} conn
 * @param {() => void} onData called when a newer review arrived
 */
export function reviewFeed(conn, onData) {
  /** @type {Review | null} */
  let data = null;
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  let busy = false;
  let again = false;

  const fetchNow = async () => {
    timer = undefined;
    if (busy) return void (again = true);
    busy = true;
    const ack = await conn.call("review", {}, REVIEW_TIMEOUT_MS);
    busy = false;
    if (ack?.ok && (!data || ack.version >= data.version)) {
      data = ack;
      onData();
    }
    if (again || !ack?.ok) schedule(again ? 0 : REVIEW_RETRY_MS);
    again = false;
  };
  /** @param {number} [delay] */
  const schedule = (delay = REVIEW_THROTTLE_MS) => {
    if (timer === undefined) timer = setTimeout(fetchNow, delay);
  };
  return {
    get data() {
      return data;
    },
    schedule,
  };
}
