// Sessions, their join codes and opaque role tokens, and the one path of a command:
// check the role, decide in the session's batch, commit durably, fan out, acknowledge.

import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { Journal } from "./journal.js";
import { Refusal, Session } from "./session.js";
import { Writer } from "./writer.js";

const CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const MODERATOR = ["moderator"];

/** type -> [roles that may give it, (session, command, actor, now) => decided events] */
const RULES = {
  ConfigureSession: [MODERATOR, (s, c) => s.configure(c)],
  RegisterHub: [MODERATOR, (s, c) => s.registerHub(c)],
  AssignGroups: [MODERATOR, (s, c) => s.assignGroups(c, randomBytes(4).readUInt32BE())],
  StartRotation: [MODERATOR, (s, _c, _a, now) => s.startRotation(now)],
  Join: [["guest"], (s, c, _a, now) => s.join(c, now)],
  TakePosition: [["participant"], (s, c, a) => s.takePosition(c, a.participantId)],
  SetHubPositions: [["hub"], (s, c, a) => s.setHubPositions(c, a.participantId)],
  RecordOutcome: [["moderator", "facilitator"], (s, c, a, now) => s.recordOutcome(c, a, now)],
  Broadcast: [MODERATOR, (s, c, _a, now) => s.broadcast(c, now)],
};

/** @typedef {{sessionId: string, role: string, participantId: string | null, groupId: string | null}} Grant */

export class Service {
  /** @param {string} dataDir @param {(sessionId: string, entries: any[]) => void} publish */
  constructor(dataDir, publish) {
    this.dataDir = dataDir;
    this.publish = publish;
    /** @type {Map<string, {session: Session, journal: Journal, writer: Writer, commands: Map<string, Promise<{seq: number}>>}>} */
    this.sessions = new Map();
    this.codes = new Map();
    /** @type {Map<string, Grant>} */
    this.tokens = new Map();
  }

  /** @param {Grant} grant */
  issue(grant) {
    const token = randomBytes(24).toString("base64url");
    this.tokens.set(token, grant);
    return token;
  }

  async create(title) {
    const sessionId = randomBytes(10).toString("hex");
    let code;
    do code = Array.from(randomBytes(6), (b) => CODE_LETTERS[b % CODE_LETTERS.length]).join("");
    while (this.codes.has(code));
    const session = new Session(sessionId, code, title, Date.now());
    const journal = new Journal();
    const writer = await new Writer(journal, (entries) => this.publish(sessionId, entries)).open(join(this.dataDir, `${sessionId}.jsonl`));
    this.sessions.set(sessionId, { session, journal, writer, commands: new Map() });
    this.codes.set(code, sessionId);
    await writer.submit(() => [{ event: session.created, concerns: null }]);
    return { sessionId, code, moderatorToken: this.issue({ sessionId, role: "moderator", participantId: null, groupId: null }) };
  }

  /** @returns {{seq: number, duplicate: boolean, entries: any[]}} */
  async dispatch(sessionId, command, actor) {
    const open = this.sessions.get(sessionId);
    const rule = RULES[command?.type];
    if (!rule) throw new Refusal("unknown_command", "This is not a command the server knows.", "type");
    if (!rule[0].includes(actor.role)) throw new Refusal("forbidden", `${command.type} cannot be done by this role.`);
    if (typeof command.command_id !== "string") throw new Refusal("invalid", "command_id is required", "command_id");
    // A retry (same command_id) waits for the first attempt, even one still queued, and is
    // acknowledged with its seq: it changes nothing. A refused command may be sent again.
    const known = open.commands.get(command.command_id);
    if (known !== undefined) return { seq: (await known).seq, duplicate: true, entries: [] };
    const done = open.writer.submit(() => rule[1](open.session, command, actor, Date.now()));
    open.commands.set(command.command_id, done);
    try {
      return { ...(await done), duplicate: false };
    } catch (error) {
      open.commands.delete(command.command_id);
      throw error;
    }
  }

  async close() {
    for (const open of this.sessions.values()) await open.writer.close();
  }
}
