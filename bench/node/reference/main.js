// The meeting benchmark's reference: a minimal socket.io server doing Roundtable's fan-out with
// the same payloads and a durable (write + fdatasync) append per batch. HOST, PORT and
// REFERENCE_DATA_DIR (where the logs go) come from the environment.

import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { Server } from "socket.io";
import { gcMetrics } from "./metrics.js";
import { serve } from "./realtime.js";
import { Service } from "./service.js";

const MAX_MESSAGE_BYTES = 512 * 1024; // Roundtable's limit
const host = process.env.HOST ?? "127.0.0.1";
const port = Number(process.env.PORT ?? 8100);
const metrics = gcMetrics();

let publish = () => {};
const service = new Service(process.env.REFERENCE_DATA_DIR ?? tmpdir(), (s, entries) => publish(s, entries));

const json = (res, status, body) => {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
};

async function createSession(req, res) {
  let body = "";
  for await (const chunk of req) body += chunk;
  let title;
  try {
    title = JSON.parse(body).title;
  } catch {
    title = null;
  }
  if (typeof title !== "string" || !title.trim()) return json(res, 422, { ok: false, code: "invalid", message: "title", field: "title" });
  const { sessionId, code, moderatorToken } = await service.create(title.trim());
  const screen = service.issue({ sessionId, role: "screen", participantId: null, groupId: null });
  json(res, 201, {
    ok: true,
    session_id: sessionId,
    code,
    moderator_token: moderatorToken,
    links: { moderator: `/moderator#${moderatorToken}`, screen: `/screen#${screen}`, join: `/join?code=${code}` },
  });
}

const http = createServer((req, res) => {
  if (req.method === "POST" && req.url === "/api/sessions") return void createSession(req, res);
  if (req.url === "/healthz") return json(res, 200, { ok: true });
  if (req.url === "/debug/metrics") return json(res, 200, metrics());
  if (!req.url.startsWith("/socket.io/")) json(res, 404, { ok: false });
});
const io = new Server(http, { transports: ["polling", "websocket"], maxHttpBufferSize: MAX_MESSAGE_BYTES, serveClient: false });
publish = serve(io, service);

http.listen(port, host, () => console.log(`reference listening on http://${host}:${port}`));
const stop = () => io.close(() => service.close().then(() => process.exit(0)));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
