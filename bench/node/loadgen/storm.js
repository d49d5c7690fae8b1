// The reconnect storm: every participant's connection drops at once and comes back within a
// window, with its token, then syncs from the last event it saw (the page's connect handler).

const POLL_MS = 20;

/** Bytes of every engine.io packet the page receives from now on (text frames: characters). */
function countBytes(page, counter) {
  const hook = () => page.socket.io.engine.on("packet", (packet) => (counter.bytes += typeof packet.data === "string" ? packet.data.length : packet.data?.byteLength ?? 0));
  page.socket.io.on("open", hook);
  return () => page.socket.io.off("open", hook);
}

/**
 * @param {import("./meeting.js").Meeting} meeting
 * @returns {Promise<{ms: number | null, back: number, participants: number, head: number, client_bytes: number}>}
 */
export async function storm(meeting, { windowMs, timeoutMs }) {
  const head = meeting.model.head; // the server's head, as a watcher (the moderator) knows it
  const counter = { bytes: 0 };
  const pages = meeting.participants.filter((p) => p.token);
  const unhook = pages.map((p) => countBytes(p, counter));
  const start = performance.now();
  for (const page of pages) {
    page.expectDrop = true;
    page.socket.disconnect();
    setTimeout(() => {
      page.expectDrop = false;
      page.socket.connect();
    }, Math.random() * windowMs);
  }
  const isBack = (p) => p.connected && p.last >= head && !p.syncing;
  let back = 0;
  while (performance.now() - start < timeoutMs) {
    back = pages.reduce((n, p) => n + isBack(p), 0);
    if (back === pages.length) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const ms = back === pages.length ? performance.now() - start : null;
  for (const off of unhook) off();
  return { ms, back, participants: pages.length, head, client_bytes: counter.bytes };
}
