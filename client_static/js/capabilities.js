// GENERATED from the models and facilitation/capabilities.py by `make protocol`
// (server/protocol_js.py): do not edit; tests/contract checks it is current.

/** @import { CommandType, EventType, Role, Scope } from "./protocol-types.js" */

// --- Names

/** Every command. @type {readonly CommandType[]} */
export const COMMAND_TYPES = [
  "ConfigureSession", "Join", "AssignGroups", "MoveParticipant", "LabelGroup", "StartRotation",
  "PauseRound", "ResumeRound", "ExtendRound", "EndRound", "WarnRound", "TakePosition",
  "RecordOutcome", "ComposeParagraph", "React", "AddressObjection", "CloseText",
  "DeclineToClose", "OpenRegister", "Endorse", "WithdrawEndorsement", "RegisterHub",
  "PlaceHub", "SetHeadCount", "SetHubPositions", "RaiseHand", "MessageModerator", "Broadcast",
  "RemoveParticipant", "RenameParticipant", "MergeParticipants", "LockJoining",
  "ChangeJoinCode", "RequireApproval", "DecideJoins", "CreateRoleLink", "RevokeRoleLink",
  "SetExpectedHeadCount"
];

/** Every event's `type`. @type {readonly EventType[]} */
export const EVENT_TYPES = [
  "SessionCreated", "SessionConfigured", "ParticipantJoined", "GroupsAssigned", "GroupCreated",
  "ParticipantPlaced", "ParticipantMoved", "GroupLabelled", "RotationStarted", "RoundStarted",
  "RoundWarned", "RoundPaused", "RoundResumed", "RoundExtended", "RoundEnded",
  "RotationFinished", "PositionTaken", "OutcomeRecorded", "ParagraphComposed", "ReactionGiven",
  "ObjectionAddressed", "TextClosed", "TextNotClosed", "RegisterOpened", "EndorsementGiven",
  "EndorsementWithdrawn", "HubRegistered", "HubPlaced", "HeadCountSet", "HubPositionsSet",
  "HandRaised", "MessageSent", "MessageBroadcast", "ParticipantRemoved", "ParticipantRenamed",
  "ParticipantsMerged", "JoiningLocked", "JoinCodeChanged", "ApprovalRequired", "JoinsDecided",
  "RoleLinkCreated", "RoleLinkRevoked", "ExpectedHeadCountSet"
];

/** Socket.io events a page emits. @type {readonly string[]} */
export const REQUESTS = ["command", "sync", "clock", "links", "review", "heartbeat", "presence"];

/** Socket.io events pushed to it. @type {readonly string[]} */
export const PUSHES = ["events", "presence"];

// --- Who may do and see what (facilitation/capabilities.py)

/**
 * Which roles may give each command, and over what (`own_group`: the facilitator's group;
 * `own`: the person, hub or endorsement the token names).
 * @type {Readonly<Partial<Record<CommandType, Readonly<Partial<Record<Role, Scope>>>>>>}
 */
export const COMMAND_SCOPES = {
  ConfigureSession: {moderator: "any"},
  Join: {guest: "own"},
  AssignGroups: {moderator: "any"},
  MoveParticipant: {moderator: "any"},
  LabelGroup: {moderator: "any"},
  StartRotation: {moderator: "any"},
  PauseRound: {moderator: "any"},
  ResumeRound: {moderator: "any"},
  ExtendRound: {moderator: "any"},
  EndRound: {moderator: "any", system: "any"},
  WarnRound: {system: "any"},
  TakePosition: {participant: "own"},
  RecordOutcome: {moderator: "any", facilitator: "own_group"},
  ComposeParagraph: {moderator: "any"},
  React: {participant: "own", hub: "own"},
  AddressObjection: {moderator: "any"},
  CloseText: {moderator: "any"},
  DeclineToClose: {moderator: "any"},
  OpenRegister: {moderator: "any"},
  Endorse: {participant: "own", guest: "own"},
  WithdrawEndorsement: {participant: "own", endorser: "own"},
  RegisterHub: {moderator: "any"},
  PlaceHub: {moderator: "any"},
  SetHeadCount: {hub: "own"},
  SetHubPositions: {hub: "own"},
  RaiseHand: {hub: "own"},
  MessageModerator: {hub: "own", facilitator: "own_group"},
  Broadcast: {moderator: "any"},
  RemoveParticipant: {moderator: "any"},
  RenameParticipant: {moderator: "any"},
  MergeParticipants: {moderator: "any"},
  LockJoining: {moderator: "any"},
  ChangeJoinCode: {moderator: "any"},
  RequireApproval: {moderator: "any"},
  DecideJoins: {moderator: "any"},
  CreateRoleLink: {moderator: "owner"},
  RevokeRoleLink: {moderator: "owner"},
  SetExpectedHeadCount: {moderator: "any"}
};

/**
 * Socket requests other than commands, and who may make them.
 * @type {Readonly<Record<string, readonly Role[]>>}
 */
export const QUERIES = {
  sync: [
    "endorser", "facilitator", "guest", "hub", "moderator", "participant", "screen", "system"
  ],
  heartbeat: [
    "endorser", "facilitator", "guest", "hub", "moderator", "participant", "screen", "system"
  ],
  clock: [
    "endorser", "facilitator", "guest", "hub", "moderator", "participant", "screen", "system"
  ],
  links: ["moderator"],
  presence: ["moderator"],
  review: ["moderator", "screen"]
};

export { SEES_EVERY_EVENT } from "./protocol.js";

/**
 * Downloads (GET /api/sessions/{id}/…), by the token's role.
 * @type {Readonly<Record<string, readonly Role[]>>}
 */
export const EXPORTS = {
  composite: ["moderator", "screen"],
  report: ["moderator", "screen"],
  endorsements: ["moderator"],
  archive: ["moderator"]
};

/**
 * Over what `role` may give the command `type`; null when it may not at all.
 * @param {Role} role
 * @param {CommandType} type
 * @returns {Scope | null}
 */
export function scopeOf(role, type) {
  return COMMAND_SCOPES[type]?.[role] ?? null;
}

/** @param {Role} role @param {CommandType} type */
export const mayGive = (role, type) => scopeOf(role, type) !== null;

/** @param {Role} role @param {string} query */
export const mayAsk = (role, query) => QUERIES[query]?.includes(role) ?? false;

export {};
