// Requests over the page's socket: one with an ack and a timeout, and a command sent with
// retries under one client-made id, so the server applies it once however often it is sent.

/**
 * @typedef {{ok: true, seq: number, duplicate: boolean, result: Record<string, any>}} AckOk
 * @typedef {{ok: false, code: string, message: string, field: string | null}} AckError
 * @typedef {AckOk | AckError} Ack
 */

const ACK_TIMEOUT_MS = 5000; // a command's ack normally takes milliseconds; then retry
const SEND_ATTEMPTS = 6; // about 30 s of retries before telling the person it did not go through
const UNAVAILABLE_RETRY_MS = 3000; // a store restarting (Redis, a full disk freed) takes seconds

/** A client-made command id: 32 hex characters (crypto.randomUUID needs https; this does not). */
export function newCommandId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** @param {any} socket a socket.io client socket */
export function requester(socket) {
  /**
   * emit with an ack and a timeout; null when the server did not answer in time.
   * @param {string} event
   * @param {object} payload
   * @param {number} [timeout]
   * @returns {Promise<any>}
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
   * @param {string} type
   * @param {Record<string, any>} fields
   * @returns {Promise<Ack>}
   */
  const command = async (type, fields) => {
    const payload = { ...fields, type, command_id: newCommandId() };
    for (let attempt = 0; attempt < SEND_ATTEMPTS; attempt += 1) {
      const ack = await request("command", payload);
      // `unavailable`: the server could not save it, and changed nothing; ask again, same id.
      if (ack?.ok === false && ack.code === "unavailable" && attempt < SEND_ATTEMPTS - 1) {
        await new Promise((resolve) => setTimeout(resolve, UNAVAILABLE_RETRY_MS));
      } else if (ack !== null) return ack;
    }
    return { ok: false, code: "timeout", message: "The server did not answer. Check the connection and try again.", field: null };
  };

  return { request, command };
}

/**
 * Why the server refused a connection, from socket.io's connect_error (docs/protocol.md).
 * @param {any} err
 * @returns {{code: string, message: string}}
 */
export function refusalOf(err) {
  const data = err && typeof err.data === "object" && err.data !== null ? err.data : {};
  return {
    code: typeof data.code === "string" ? data.code : "refused",
    message:
      typeof data.message === "string"
        ? data.message
        : "This link or code was not accepted. Check the code on the screen, or ask for a new link.",
  };
}
