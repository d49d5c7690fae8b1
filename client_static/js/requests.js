// Requests over the page's socket: one with an ack and a timeout, and a command sent with
// retries under one client-made id, so the server applies it once however often it is sent.

/**
 * @typedef {import("./protocol-types.js").CommandAck} AckOk
 * @typedef {import("./protocol-types.js").ErrorAck
 *   | {ok: false, code: "timeout", message: string, field: null}} AckError
 *   a refusal from the server, or no answer at all after every retry
 * @typedef {AckOk | AckError} Ack
 * @typedef {import("./protocol-types.js").CommandType} CommandType
 * @typedef {import("./protocol-types.js").RequestTypes} RequestTypes
 */

const ACK_TIMEOUT_MS = 5000; // a command's ack normally takes milliseconds; then retry
const SEND_ATTEMPTS = 6; // about 30 s of retries before telling the person it did not go through
const UNAVAILABLE_RETRY_MS = 3000; // a store restarting (Redis, a full disk freed) takes seconds

/** @type {AckError} */
export const TIMED_OUT = { ok: false, code: "timeout", message: "The server did not answer. Check the connection and try again.", field: null };

/** A client-made command id: 32 hex characters (crypto.randomUUID needs https; this does not). */
export function newCommandId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * A command as it goes on the wire, under a new client-made id.
 * @template {CommandType} T
 * @param {T} type
 * @param {import("./protocol-types.js").CommandFields<T>} fields
 * @returns {import("./protocol-types.js").CommandTypes[T]}
 */
export function commandOf(type, fields) {
  // The fields of T plus T's own `type` and an id are a T; tsc cannot see that through a generic.
  return /** @type {import("./protocol-types.js").CommandTypes[T]} */ ({ ...fields, type, command_id: newCommandId() });
}

/** @param {import("socket.io-client").Socket} socket */
export function requester(socket) {
  /**
   * emit with an ack and a timeout; null when the server did not answer in time.
   * @template {keyof RequestTypes} K
   * @param {K} event
   * @param {RequestTypes[K]["request"]} payload
   * @param {number} [timeout]
   * @returns {Promise<RequestTypes[K]["ack"] | import("./protocol-types.js").ErrorAck | null>}
   */
  const request = async (event, payload, timeout = ACK_TIMEOUT_MS) => {
    try {
      return await socket.timeout(timeout).emitWithAck(event, payload);
    } catch {
      return null;
    }
  };

  /**
   * A command, retried with the same id until answered; a timeout after the last attempt.
   * @template {CommandType} T
   * @param {T} type
   * @param {import("./protocol-types.js").CommandFields<T>} fields
   * @returns {Promise<Ack>}
   */
  const command = async (type, fields) => {
    const payload = commandOf(type, fields);
    for (let attempt = 0; attempt < SEND_ATTEMPTS; attempt += 1) {
      const ack = await request("command", payload);
      // `unavailable`: the server could not save it, and changed nothing; ask again, same id.
      if (ack?.ok === false && ack.code === "unavailable" && attempt < SEND_ATTEMPTS - 1) {
        await new Promise((resolve) => setTimeout(resolve, UNAVAILABLE_RETRY_MS));
      } else if (ack !== null) return ack;
    }
    return TIMED_OUT;
  };

  return { request, command };
}

/**
 * Why the server refused a connection, from socket.io's connect_error (docs/protocol.md).
 * @param {Error & {data?: unknown}} err
 * @returns {{code: string, message: string}}
 */
export function refusalOf(err) {
  /** @type {{code?: unknown, message?: unknown}} */
  const data = err && typeof err.data === "object" && err.data !== null ? err.data : {};
  return {
    code: typeof data.code === "string" ? data.code : "refused",
    message:
      typeof data.message === "string"
        ? data.message
        : "This link or code was not accepted. Check the code on the screen, or ask for a new link.",
  };
}
