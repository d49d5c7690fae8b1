// GENERATED from the models' JSON schemas (types for tsc; no browser loads it) by `make protocol`
// (server/protocol_js.py): do not edit; tests/contract checks it is current.

// --- Enums (facilitation/vocabulary.py, capabilities.py, server/wire.py)

/** @typedef {"room" | "hub" | "remote"} Mode */
/** @typedef {"room" | "remote"} GroupKind */
/** @typedef {"consensus" | "rough_consensus" | "majority" | "divided"} Strength */
/** @typedef {"moderator" | "screen" | "facilitator" | "participant" | "hub" | "guest" | "endorser" | "system"} Role */
/** @typedef {"breakout" | "remote"} HubPlacement */
/** @typedef {"support" | "live_with" | "object"} Reaction */
/** @typedef {"draft" | "option" | "compromise" | "custom"} CompositeSource */
/** @typedef {"closed" | "not_closed"} DecisionKind */
/** @typedef {"closed" | "present" | "everyone"} Register */
/** @typedef {"setup" | "assigned" | "rotation" | "finished"} Phase */
/** @typedef {"any" | "own_group" | "own" | "owner"} Scope */
/** @typedef {"invalid" | "unknown_command" | "forbidden" | "wrong_phase" | "not_found" | "stale" | "duplicate" | "rate_limited" | "refused" | "unavailable" | "unknown_request" | "internal"} ErrorCode */
/** @typedef {"bad_token" | "not_found" | "forbidden" | "unavailable" | "internal"} ConnectErrorCode */

// --- Typedefs (from the JSON schemas)

/** @typedef {"ConfigureSession" | "Join" | "AssignGroups" | "MoveParticipant" | "LabelGroup" | "StartRotation" | "PauseRound" | "ResumeRound" | "ExtendRound" | "EndRound" | "WarnRound" | "TakePosition" | "RecordOutcome" | "ComposeParagraph" | "React" | "AddressObjection" | "CloseText" | "DeclineToClose" | "OpenRegister" | "Endorse" | "WithdrawEndorsement" | "RegisterHub" | "PlaceHub" | "SetHeadCount" | "SetHubPositions" | "RaiseHand" | "MessageModerator" | "Broadcast" | "RemoveParticipant" | "RenameParticipant" | "MergeParticipants" | "LockJoining" | "ChangeJoinCode" | "RequireApproval" | "DecideJoins" | "CreateRoleLink" | "RevokeRoleLink" | "SetExpectedHeadCount"} CommandType */
/** @typedef {"SessionCreated" | "SessionConfigured" | "ParticipantJoined" | "GroupsAssigned" | "GroupCreated" | "ParticipantPlaced" | "ParticipantMoved" | "GroupLabelled" | "RotationStarted" | "RoundStarted" | "RoundWarned" | "RoundPaused" | "RoundResumed" | "RoundExtended" | "RoundEnded" | "RotationFinished" | "PositionTaken" | "OutcomeRecorded" | "ParagraphComposed" | "ReactionGiven" | "ObjectionAddressed" | "TextClosed" | "TextNotClosed" | "RegisterOpened" | "EndorsementGiven" | "EndorsementWithdrawn" | "HubRegistered" | "HubPlaced" | "HeadCountSet" | "HubPositionsSet" | "HandRaised" | "MessageSent" | "MessageBroadcast" | "ParticipantRemoved" | "ParticipantRenamed" | "ParticipantsMerged" | "JoiningLocked" | "JoinCodeChanged" | "ApprovalRequired" | "JoinsDecided" | "RoleLinkCreated" | "RoleLinkRevoked" | "ExpectedHeadCountSet"} EventType */

/**
 * A command's typedef by its `type`.
 * @typedef {object} CommandTypes
 * @property {ConfigureSession} ConfigureSession
 * @property {Join} Join
 * @property {AssignGroups} AssignGroups
 * @property {MoveParticipant} MoveParticipant
 * @property {LabelGroup} LabelGroup
 * @property {StartRotation} StartRotation
 * @property {PauseRound} PauseRound
 * @property {ResumeRound} ResumeRound
 * @property {ExtendRound} ExtendRound
 * @property {EndRound} EndRound
 * @property {WarnRound} WarnRound
 * @property {TakePosition} TakePosition
 * @property {RecordOutcome} RecordOutcome
 * @property {ComposeParagraph} ComposeParagraph
 * @property {React} React
 * @property {AddressObjection} AddressObjection
 * @property {CloseText} CloseText
 * @property {DeclineToClose} DeclineToClose
 * @property {OpenRegister} OpenRegister
 * @property {Endorse} Endorse
 * @property {WithdrawEndorsement} WithdrawEndorsement
 * @property {RegisterHub} RegisterHub
 * @property {PlaceHub} PlaceHub
 * @property {SetHeadCount} SetHeadCount
 * @property {SetHubPositions} SetHubPositions
 * @property {RaiseHand} RaiseHand
 * @property {MessageModerator} MessageModerator
 * @property {Broadcast} Broadcast
 * @property {RemoveParticipant} RemoveParticipant
 * @property {RenameParticipant} RenameParticipant
 * @property {MergeParticipants} MergeParticipants
 * @property {LockJoining} LockJoining
 * @property {ChangeJoinCode} ChangeJoinCode
 * @property {RequireApproval} RequireApproval
 * @property {DecideJoins} DecideJoins
 * @property {CreateRoleLink} CreateRoleLink
 * @property {RevokeRoleLink} RevokeRoleLink
 * @property {SetExpectedHeadCount} SetExpectedHeadCount
 */

/**
 * An event's typedef by its `type`.
 * @typedef {object} EventTypes
 * @property {SessionCreated} SessionCreated
 * @property {SessionConfigured} SessionConfigured
 * @property {ParticipantJoined} ParticipantJoined
 * @property {GroupsAssigned} GroupsAssigned
 * @property {GroupCreated} GroupCreated
 * @property {ParticipantPlaced} ParticipantPlaced
 * @property {ParticipantMoved} ParticipantMoved
 * @property {GroupLabelled} GroupLabelled
 * @property {RotationStarted} RotationStarted
 * @property {RoundStarted} RoundStarted
 * @property {RoundWarned} RoundWarned
 * @property {RoundPaused} RoundPaused
 * @property {RoundResumed} RoundResumed
 * @property {RoundExtended} RoundExtended
 * @property {RoundEnded} RoundEnded
 * @property {RotationFinished} RotationFinished
 * @property {PositionTaken} PositionTaken
 * @property {OutcomeRecorded} OutcomeRecorded
 * @property {ParagraphComposed} ParagraphComposed
 * @property {ReactionGiven} ReactionGiven
 * @property {ObjectionAddressed} ObjectionAddressed
 * @property {TextClosed} TextClosed
 * @property {TextNotClosed} TextNotClosed
 * @property {RegisterOpened} RegisterOpened
 * @property {EndorsementGiven} EndorsementGiven
 * @property {EndorsementWithdrawn} EndorsementWithdrawn
 * @property {HubRegistered} HubRegistered
 * @property {HubPlaced} HubPlaced
 * @property {HeadCountSet} HeadCountSet
 * @property {HubPositionsSet} HubPositionsSet
 * @property {HandRaised} HandRaised
 * @property {MessageSent} MessageSent
 * @property {MessageBroadcast} MessageBroadcast
 * @property {ParticipantRemoved} ParticipantRemoved
 * @property {ParticipantRenamed} ParticipantRenamed
 * @property {ParticipantsMerged} ParticipantsMerged
 * @property {JoiningLocked} JoiningLocked
 * @property {JoinCodeChanged} JoinCodeChanged
 * @property {ApprovalRequired} ApprovalRequired
 * @property {JoinsDecided} JoinsDecided
 * @property {RoleLinkCreated} RoleLinkCreated
 * @property {RoleLinkRevoked} RoleLinkRevoked
 * @property {ExpectedHeadCountSet} ExpectedHeadCountSet
 */

/**
 * A socket request's payload and its ack, by the request's name (an ErrorAck may come
 * instead, except for `clock`).
 * @typedef {object} RequestTypes
 * @property {{request: Command, ack: CommandAck}} command
 * @property {{request: SyncRequest, ack: SyncAck}} sync
 * @property {{request: ClockRequest, ack: ClockAck}} clock
 * @property {{request: LinksRequest, ack: LinksAck}} links
 * @property {{request: ReviewRequest, ack: ReviewAck}} review
 * @property {{request: HeartbeatRequest, ack: HeartbeatAck}} heartbeat
 * @property {{request: PresenceRequest, ack: PresenceAck}} presence
 */

/**
 * What a page fills in for a command: everything but the `type` and the `command_id`.
 * @template {CommandType} T
 * @typedef {Omit<CommandTypes[T], "type" | "command_id">} CommandFields
 */

/** @typedef {ConfigureSession | Join | AssignGroups | MoveParticipant | LabelGroup | StartRotation | PauseRound | ResumeRound | ExtendRound | EndRound | WarnRound | TakePosition | RecordOutcome | ComposeParagraph | React | AddressObjection | CloseText | DeclineToClose | OpenRegister | Endorse | WithdrawEndorsement | RegisterHub | PlaceHub | SetHeadCount | SetHubPositions | RaiseHand | MessageModerator | Broadcast | RemoveParticipant | RenameParticipant | MergeParticipants | LockJoining | ChangeJoinCode | RequireApproval | DecideJoins | CreateRoleLink | RevokeRoleLink | SetExpectedHeadCount} Command */

/**
 * The whole set-up form at once: it stays editable until the groups are assigned.
 * @typedef {object} ConfigureSession
 * @property {string} command_id
 * @property {"ConfigureSession"} type
 * @property {string} title
 * @property {string} draft
 * @property {PointSpec[]} points
 * @property {string[]} [stakeholder_groups]
 * @property {number | null} [group_count]
 * @property {number | null} [target_group_size]
 * @property {number} [round_secs]
 * @property {number} [remote_groups]
 */

/**
 * @typedef {object} Join
 * @property {string} command_id
 * @property {"Join"} type
 * @property {string} name
 * @property {string} [organisation]
 * @property {string} stakeholder_group
 * @property {string} region
 * @property {Mode} mode
 * @property {string} [hub_name]
 * @property {string} [country]
 */

/**
 * `seed` lets anyone re-run a recorded assignment; the shell supplies one when absent.
 * @typedef {object} AssignGroups
 * @property {string} command_id
 * @property {"AssignGroups"} type
 * @property {number | null} [seed]
 */

/**
 * @typedef {object} MoveParticipant
 * @property {string} command_id
 * @property {"MoveParticipant"} type
 * @property {string} participant_id
 * @property {string} group_id
 */

/**
 * @typedef {object} LabelGroup
 * @property {string} command_id
 * @property {"LabelGroup"} type
 * @property {string} group_id
 * @property {string} label
 */

/**
 * @typedef {object} StartRotation
 * @property {string} command_id
 * @property {"StartRotation"} type
 */

/**
 * @typedef {object} PauseRound
 * @property {string} command_id
 * @property {"PauseRound"} type
 */

/**
 * @typedef {object} ResumeRound
 * @property {string} command_id
 * @property {"ResumeRound"} type
 */

/**
 * @typedef {object} ExtendRound
 * @property {string} command_id
 * @property {"ExtendRound"} type
 * @property {number} minutes
 */

/**
 * `round` guards against ending the next round by a late or repeated request.
 * @typedef {object} EndRound
 * @property {string} command_id
 * @property {"EndRound"} type
 * @property {number} round
 */

/**
 * @typedef {object} WarnRound
 * @property {string} command_id
 * @property {"WarnRound"} type
 * @property {number} round
 * @property {number} secs_left
 */

/**
 * @typedef {object} TakePosition
 * @property {string} command_id
 * @property {"TakePosition"} type
 * @property {string} point_id
 * @property {string} choice
 */

/**
 * @typedef {object} RecordOutcome
 * @property {string} command_id
 * @property {"RecordOutcome"} type
 * @property {string} group_id
 * @property {string} point_id
 * @property {string} choice
 * @property {string} [compromise_text]
 * @property {Strength} strength
 * @property {Hands} [hands]
 * @property {string} [notes]
 */

/**
 * Set one paragraph of the composite text, starting from what `source` names (the draft,
 * an option, a group's compromise, or nothing: `custom`). Without `text`, the wording is
 * that candidate's; with `text`, the core itself decides what it is: the candidate when the
 * text is the candidate's, otherwise new wording edited from it.
 * @typedef {object} ComposeParagraph
 * @property {string} command_id
 * @property {"ComposeParagraph"} type
 * @property {number} paragraph
 * @property {CompositeSource} source
 * @property {string | null} [point_id]
 * @property {string | null} [option_id]
 * @property {string | null} [group_id]
 * @property {string | null} [text]
 */

/**
 * @typedef {object} React
 * @property {string} command_id
 * @property {"React"} type
 * @property {number} paragraph
 * @property {Reaction} reaction
 * @property {string} [reason]
 * @property {number | null} [head_count]
 */

/**
 * @typedef {object} AddressObjection
 * @property {string} command_id
 * @property {"AddressObjection"} type
 * @property {number} paragraph
 * @property {string} participant_id
 * @property {boolean} [addressed]
 */

/**
 * @typedef {object} CloseText
 * @property {string} command_id
 * @property {"CloseText"} type
 */

/**
 * @typedef {object} DeclineToClose
 * @property {string} command_id
 * @property {"DeclineToClose"} type
 * @property {string} [note]
 */

/**
 * Open the endorsement register to anyone with the link, beyond those present.
 * @typedef {object} OpenRegister
 * @property {string} command_id
 * @property {"OpenRegister"} type
 */

/**
 * @typedef {object} Endorse
 * @property {string} command_id
 * @property {"Endorse"} type
 * @property {string} name
 * @property {string} [organisation]
 * @property {string} stakeholder_group
 * @property {string} country
 */

/**
 * @typedef {object} WithdrawEndorsement
 * @property {string} command_id
 * @property {"WithdrawEndorsement"} type
 * @property {string} endorsement_id
 */

/**
 * @typedef {object} RegisterHub
 * @property {string} command_id
 * @property {"RegisterHub"} type
 * @property {string} name
 * @property {string} [city]
 * @property {string} [country]
 * @property {string} [timezone]
 * @property {number} expected_head_count
 * @property {HubPlacement} [placement]
 */

/**
 * Move a hub into a group (after the groups are assigned).
 * @typedef {object} PlaceHub
 * @property {string} command_id
 * @property {"PlaceHub"} type
 * @property {string} hub_id
 * @property {string} group_id
 */

/**
 * @typedef {object} SetHeadCount
 * @property {string} command_id
 * @property {"SetHeadCount"} type
 * @property {number} head_count
 */

/**
 * The hub's positions on its group's current point, as counts of people per choice.
 * @typedef {object} SetHubPositions
 * @property {string} command_id
 * @property {"SetHubPositions"} type
 * @property {string} point_id
 * @property {Record<string, number>} counts
 */

/**
 * @typedef {object} RaiseHand
 * @property {string} command_id
 * @property {"RaiseHand"} type
 * @property {boolean} [raised]
 */

/**
 * @typedef {object} MessageModerator
 * @property {string} command_id
 * @property {"MessageModerator"} type
 * @property {string} text
 */

/**
 * A message from the moderator shown prominently on every page ("back to plenary").
 * @typedef {object} Broadcast
 * @property {string} command_id
 * @property {"Broadcast"} type
 * @property {string} text
 */

/**
 * Take someone out of the session (a fake join, a disruption): their later commands are
 * refused; what they did stays in the log but no longer counts.
 * @typedef {object} RemoveParticipant
 * @property {string} command_id
 * @property {"RemoveParticipant"} type
 * @property {string} participant_id
 * @property {string} reason
 */

/**
 * @typedef {object} RenameParticipant
 * @property {string} command_id
 * @property {"RenameParticipant"} type
 * @property {string} participant_id
 * @property {string} name
 * @property {string | null} [organisation]
 */

/**
 * Two records of one person (joined twice): `merge_id` becomes `keep_id`.
 * @typedef {object} MergeParticipants
 * @property {string} command_id
 * @property {"MergeParticipants"} type
 * @property {string} keep_id
 * @property {string} merge_id
 */

/**
 * @typedef {object} LockJoining
 * @property {string} command_id
 * @property {"LockJoining"} type
 * @property {boolean} [locked]
 */

/**
 * A new join code; the old one stops working at once (a code shown on a webcast).
 * @typedef {object} ChangeJoinCode
 * @property {string} command_id
 * @property {"ChangeJoinCode"} type
 */

/**
 * Joins wait for the moderator's approval (a waiting list) while required.
 * @typedef {object} RequireApproval
 * @property {string} command_id
 * @property {"RequireApproval"} type
 * @property {boolean} [required]
 */

/**
 * Let people on the waiting list in (or turn them away), in bulk or one by one.
 * @typedef {object} DecideJoins
 * @property {string} command_id
 * @property {"DecideJoins"} type
 * @property {string[]} participant_ids
 * @property {boolean} [approve]
 */

/**
 * @typedef {object} CreateRoleLink
 * @property {string} command_id
 * @property {"CreateRoleLink"} type
 * @property {"co_moderator" | "group_chair"} role
 * @property {string} label
 * @property {string | null} [group_id]
 */

/**
 * @typedef {object} RevokeRoleLink
 * @property {string} command_id
 * @property {"RevokeRoleLink"} type
 * @property {string} link_id
 */

/**
 * Raise (or lower) a hub's registered size: the cap on the head count it may report.
 * @typedef {object} SetExpectedHeadCount
 * @property {string} command_id
 * @property {"SetExpectedHeadCount"} type
 * @property {string} hub_id
 * @property {number} expected_head_count
 */

/** @typedef {SessionCreated | SessionConfigured | ParticipantJoined | GroupsAssigned | GroupCreated | ParticipantPlaced | ParticipantMoved | GroupLabelled | RotationStarted | RoundStarted | RoundWarned | RoundPaused | RoundResumed | RoundExtended | RoundEnded | RotationFinished | PositionTaken | OutcomeRecorded | ParagraphComposed | ReactionGiven | ObjectionAddressed | TextClosed | TextNotClosed | RegisterOpened | EndorsementGiven | EndorsementWithdrawn | HubRegistered | HubPlaced | HeadCountSet | HubPositionsSet | HandRaised | MessageSent | MessageBroadcast | ParticipantRemoved | ParticipantRenamed | ParticipantsMerged | JoiningLocked | JoinCodeChanged | ApprovalRequired | JoinsDecided | RoleLinkCreated | RoleLinkRevoked | ExpectedHeadCountSet} Event */

/**
 * @typedef {object} SessionCreated
 * @property {"SessionCreated"} type
 * @property {string} session_id
 * @property {string} code
 * @property {string} title
 * @property {number} created_at_ms
 */

/**
 * @typedef {object} SessionConfigured
 * @property {"SessionConfigured"} type
 * @property {string} title
 * @property {string[]} paragraphs
 * @property {Point[]} points
 * @property {string[]} stakeholder_groups
 * @property {Settings} settings
 */

/**
 * @typedef {object} ParticipantJoined
 * @property {"ParticipantJoined"} type
 * @property {Participant} participant
 * @property {boolean} pending
 */

/**
 * Holds the groups themselves, not only the seed, so replay never re-runs the draw.
 * @typedef {object} GroupsAssigned
 * @property {"GroupsAssigned"} type
 * @property {number} seed
 * @property {Group[]} groups
 */

/**
 * A group opened after assignment, e.g. the first remote joiner when none was remote.
 * During the rotation it carries its column of the plan: the point for each round.
 * @typedef {object} GroupCreated
 * @property {"GroupCreated"} type
 * @property {Group} group
 * @property {string[] | null} column
 */

/**
 * @typedef {object} ParticipantPlaced
 * @property {"ParticipantPlaced"} type
 * @property {string} participant_id
 * @property {string} group_id
 */

/**
 * @typedef {object} ParticipantMoved
 * @property {"ParticipantMoved"} type
 * @property {string} participant_id
 * @property {string} from_group_id
 * @property {string} to_group_id
 */

/**
 * @typedef {object} GroupLabelled
 * @property {"GroupLabelled"} type
 * @property {string} group_id
 * @property {string} label
 */

/**
 * plan[r][g]: the point group_order[g] considers in round r + 1.
 * @typedef {object} RotationStarted
 * @property {"RotationStarted"} type
 * @property {string[]} group_order
 * @property {string[][]} plan
 */

/**
 * @typedef {object} RoundStarted
 * @property {"RoundStarted"} type
 * @property {number} round
 * @property {number} started_at_ms
 * @property {number} ends_at_ms
 */

/**
 * @typedef {object} RoundWarned
 * @property {"RoundWarned"} type
 * @property {number} round
 * @property {number} secs_left
 */

/**
 * @typedef {object} RoundPaused
 * @property {"RoundPaused"} type
 * @property {number} round
 * @property {number} remaining_ms
 */

/**
 * @typedef {object} RoundResumed
 * @property {"RoundResumed"} type
 * @property {number} round
 * @property {number} ends_at_ms
 */

/**
 * `remaining_ms` is the time left just after the extension; `ends_at_ms` is None while
 * the round is paused (then only the remaining time moves).
 * @typedef {object} RoundExtended
 * @property {"RoundExtended"} type
 * @property {number} round
 * @property {number} remaining_ms
 * @property {number | null} ends_at_ms
 */

/**
 * @typedef {object} RoundEnded
 * @property {"RoundEnded"} type
 * @property {number} round
 * @property {number} ended_at_ms
 * @property {boolean} early
 */

/**
 * @typedef {object} RotationFinished
 * @property {"RotationFinished"} type
 * @property {number} finished_at_ms
 */

/**
 * @typedef {object} PositionTaken
 * @property {"PositionTaken"} type
 * @property {string} participant_id
 * @property {string} group_id
 * @property {string} point_id
 * @property {number} round
 * @property {string} choice
 */

/**
 * @typedef {object} OutcomeRecorded
 * @property {"OutcomeRecorded"} type
 * @property {Outcome} outcome
 */

/**
 * @typedef {object} ParagraphComposed
 * @property {"ParagraphComposed"} type
 * @property {CompositeParagraph} entry
 * @property {number} composite_version
 */

/**
 * @typedef {object} ReactionGiven
 * @property {"ReactionGiven"} type
 * @property {ReactionRecord} reaction
 */

/**
 * @typedef {object} ObjectionAddressed
 * @property {"ObjectionAddressed"} type
 * @property {number} paragraph
 * @property {string} participant_id
 * @property {boolean} addressed
 */

/**
 * The composite frozen as the final version, with its content hash.
 * @typedef {object} TextClosed
 * @property {"TextClosed"} type
 * @property {Decision} decision
 */

/**
 * The chair did not close the text: the session issues a report of agreement and
 * disagreement instead.
 * @typedef {object} TextNotClosed
 * @property {"TextNotClosed"} type
 * @property {Decision} decision
 */

/**
 * @typedef {object} RegisterOpened
 * @property {"RegisterOpened"} type
 * @property {Register} open_to
 */

/**
 * @typedef {object} EndorsementGiven
 * @property {"EndorsementGiven"} type
 * @property {Endorsement} endorsement
 */

/**
 * `endorser_id` is whose device must learn of it: the participant, or for someone who
 * endorsed from the open link, the endorsement id their token carries.
 * @typedef {object} EndorsementWithdrawn
 * @property {"EndorsementWithdrawn"} type
 * @property {string} endorsement_id
 * @property {string | null} endorser_id
 */

/**
 * @typedef {object} HubRegistered
 * @property {"HubRegistered"} type
 * @property {Hub} hub
 */

/**
 * A hub put into a group; during the rotation a new group carries its plan column in
 * a GroupCreated before this.
 * @typedef {object} HubPlaced
 * @property {"HubPlaced"} type
 * @property {string} hub_id
 * @property {string} group_id
 */

/**
 * @typedef {object} HeadCountSet
 * @property {"HeadCountSet"} type
 * @property {string} hub_id
 * @property {number} head_count
 */

/**
 * @typedef {object} HubPositionsSet
 * @property {"HubPositionsSet"} type
 * @property {string} hub_id
 * @property {string} group_id
 * @property {string} point_id
 * @property {number} round
 * @property {Record<string, number>} counts
 */

/**
 * @typedef {object} HandRaised
 * @property {"HandRaised"} type
 * @property {string} hub_id
 * @property {boolean} raised
 */

/**
 * A message to the moderator from a hub or a facilitator.
 * @typedef {object} MessageSent
 * @property {"MessageSent"} type
 * @property {Role} from_role
 * @property {string} from_id
 * @property {string} text
 * @property {number} sent_at_ms
 */

/**
 * @typedef {object} MessageBroadcast
 * @property {"MessageBroadcast"} type
 * @property {string} text
 * @property {number} sent_at_ms
 */

/**
 * @typedef {object} ParticipantRemoved
 * @property {"ParticipantRemoved"} type
 * @property {string} participant_id
 * @property {string} reason
 * @property {number} removed_at_ms
 */

/**
 * @typedef {object} ParticipantRenamed
 * @property {"ParticipantRenamed"} type
 * @property {string} participant_id
 * @property {string} name
 * @property {string} organisation
 */

/**
 * `merged_id` is `kept_id` from now on: its positions and reactions count as the kept
 * record's where that has none of its own, and its device acts as the kept person.
 * @typedef {object} ParticipantsMerged
 * @property {"ParticipantsMerged"} type
 * @property {string} kept_id
 * @property {string} merged_id
 */

/**
 * @typedef {object} JoiningLocked
 * @property {"JoiningLocked"} type
 * @property {boolean} locked
 */

/**
 * @typedef {object} JoinCodeChanged
 * @property {"JoinCodeChanged"} type
 * @property {string} code
 */

/**
 * @typedef {object} ApprovalRequired
 * @property {"ApprovalRequired"} type
 * @property {boolean} required
 */

/**
 * @typedef {object} JoinsDecided
 * @property {"JoinsDecided"} type
 * @property {string[]} approved
 * @property {string[]} turned_away
 */

/**
 * @typedef {object} RoleLinkCreated
 * @property {"RoleLinkCreated"} type
 * @property {RoleLink} link
 */

/**
 * @typedef {object} RoleLinkRevoked
 * @property {"RoleLinkRevoked"} type
 * @property {string} link_id
 */

/**
 * @typedef {object} ExpectedHeadCountSet
 * @property {"ExpectedHeadCountSet"} type
 * @property {string} hub_id
 * @property {number} expected_head_count
 */

/**
 * @typedef {object} CommandAck
 * @property {true} ok
 * @property {number} seq
 * @property {boolean} duplicate
 * @property {Record<string, unknown>} result
 */

/**
 * @typedef {object} SyncRequest
 * @property {number} after
 */

/**
 * `reset`: the page was too far behind; `events` start from the first, rebuild from them.
 * @typedef {object} SyncAck
 * @property {true} ok
 * @property {EventEnvelope[]} events
 * @property {boolean} reset
 * @property {number} head
 * @property {number} now
 * @property {Me} me
 */

/**
 * @typedef {object} ClockRequest
 * @property {number} t
 */

/**
 * @typedef {object} ClockAck
 * @property {number | null} t
 * @property {number} now
 */

/**
 * @typedef {Record<string, never>} LinksRequest
 */

/**
 * @typedef {object} LinksAck
 * @property {true} ok
 * @property {string} code
 * @property {string} join
 * @property {string} hub
 * @property {string} screen
 * @property {HubLink[]} hubs
 * @property {FacilitatorLink[]} facilitators
 */

/**
 * @typedef {Record<string, never>} ReviewRequest
 */

/**
 * The ranking per point and the chair's view per paragraph (facilitation.consensus).
 * @typedef {object} ReviewAck
 * @property {true} ok
 * @property {number} version
 * @property {Record<string, RankedCandidate[]>} ranking
 * @property {ParagraphReviewView[]} review
 */

/**
 * Every 10 s from a facilitator tablet or a hub (their link is watched), every 30 s from
 * other pages: the last round-trip time, the entries not yet sent, and `t` (the page's
 * `Date.now()`) so the ack is also a clock sample.
 * @typedef {object} HeartbeatRequest
 * @property {number | null} seq
 * @property {number | null} rtt_ms
 * @property {number} unsent
 * @property {number | null} t
 */

/**
 * `head`: the newest event sent to this connection so far. A page with less waits a few
 * seconds for the live stream before it syncs (docs/protocol.md, "Staying in sync").
 * `t` echoes the request's, `now` is the server's clock: a clock sample.
 * @typedef {object} HeartbeatAck
 * @property {true} ok
 * @property {number} head
 * @property {number} now
 * @property {number | null} t
 */

/**
 * @typedef {Record<string, never>} PresenceRequest
 */

/**
 * @typedef {object} PresenceAck
 * @property {true} ok
 * @property {PresenceLink[]} links
 */

/**
 * @typedef {EventEnvelope[]} Events
 */

/**
 * Sent to the moderator, screen and facilitators when a tablet or hub comes or goes.
 * @typedef {object} PresenceUpdate
 * @property {PresenceLink[]} links
 */

/**
 * @typedef {object} ErrorAck
 * @property {false} ok
 * @property {ErrorCode} code
 * @property {string} message
 * @property {string | null} field
 * @property {Record<string, string>[] | null} details
 * @property {string | null} incident
 */

/**
 * @typedef {object} ConnectError
 * @property {ConnectErrorCode} code
 * @property {string} message
 */

/**
 * One group behind a composite choice: provenance the report and the appendix show.
 * @typedef {object} Backer
 * @property {string} group_id
 * @property {number} round
 * @property {Strength} strength
 * @property {number} share
 */

/**
 * @typedef {object} CompositeParagraph
 * @property {number} paragraph
 * @property {string} text
 * @property {Provenance} provenance
 * @property {number} revision
 */

/**
 * @typedef {object} Decision
 * @property {DecisionKind} kind
 * @property {number} composite_version
 * @property {string[]} paragraphs
 * @property {string} content_hash
 * @property {string} note
 * @property {number} decided_at_ms
 */

/**
 * @typedef {object} Endorsement
 * @property {string} endorsement_id
 * @property {string | null} participant_id
 * @property {string} name
 * @property {string} organisation
 * @property {string} stakeholder_group
 * @property {string} country
 * @property {string} content_hash
 * @property {number} endorsed_at_ms
 */

/**
 * @typedef {object} EventEnvelope
 * @property {number} seq
 * @property {number} prev
 * @property {SessionCreated | SessionConfigured | ParticipantJoined | GroupsAssigned | GroupCreated | ParticipantPlaced | ParticipantMoved | GroupLabelled | RotationStarted | RoundStarted | RoundWarned | RoundPaused | RoundResumed | RoundExtended | RoundEnded | RotationFinished | PositionTaken | OutcomeRecorded | ParagraphComposed | ReactionGiven | ObjectionAddressed | TextClosed | TextNotClosed | RegisterOpened | EndorsementGiven | EndorsementWithdrawn | HubRegistered | HubPlaced | HeadCountSet | HubPositionsSet | HandRaised | MessageSent | MessageBroadcast | ParticipantRemoved | ParticipantRenamed | ParticipantsMerged | JoiningLocked | JoinCodeChanged | ApprovalRequired | JoinsDecided | RoleLinkCreated | RoleLinkRevoked | ExpectedHeadCountSet} event
 */

/**
 * @typedef {object} FacilitatorLink
 * @property {string} group_id
 * @property {number} number
 * @property {string} label
 * @property {string} link
 */

/**
 * A breakout group. `number` is what people are told ("Group 3"); `label` says where.
 * `hubs` are registered remote hubs taking part in the group as blocks.
 * @typedef {object} Group
 * @property {string} group_id
 * @property {number} number
 * @property {GroupKind} kind
 * @property {string} label
 * @property {string[]} members
 * @property {string[]} hubs
 */

/**
 * A show of hands on the flip chart.
 * @typedef {object} Hands
 * @property {number} in_favour
 * @property {number} against
 * @property {number} abstain
 */

/**
 * A registered remote hub: its people take part as a block, through one operator.
 * @typedef {object} Hub
 * @property {string} hub_id
 * @property {string} name
 * @property {string} city
 * @property {string} country
 * @property {string} timezone
 * @property {number} expected_head_count
 * @property {number} head_count
 * @property {HubPlacement} placement
 */

/**
 * @typedef {object} HubLink
 * @property {string} hub_id
 * @property {string} name
 * @property {string} link
 */

/**
 * @typedef {object} Me
 * @property {Role} role
 * @property {string} session_id
 * @property {string | null} participant_id
 * @property {string | null} group_id
 */

/**
 * @typedef {object} ObjectionView
 * @property {string} participant_id
 * @property {string} name
 * @property {string} stakeholder_group
 * @property {string} hub_name
 * @property {number} head_count
 * @property {string} reason
 * @property {boolean} addressed
 */

/**
 * @typedef {object} Option
 * @property {string} option_id
 * @property {string} label
 */

/**
 * A group's flip-chart record for one point.
 * @typedef {object} Outcome
 * @property {string} group_id
 * @property {string} point_id
 * @property {number} round
 * @property {string} choice
 * @property {string} compromise_text
 * @property {Strength} strength
 * @property {Hands} hands
 * @property {string} notes
 * @property {Role} recorded_by
 * @property {number} recorded_at_ms
 * @property {number} revision
 */

/**
 * One paragraph in the chair's view (facilitation.consensus.ParagraphReview).
 * @typedef {object} ParagraphReviewView
 * @property {number} paragraph
 * @property {string} text
 * @property {string} draft
 * @property {number} revision
 * @property {boolean} changed
 * @property {Record<string, number>} totals
 * @property {Record<string, Record<string, number>>} by_stakeholder_group
 * @property {ObjectionView[]} objections
 * @property {string[]} silent_stakeholder_groups
 * @property {number} earlier_reactions
 * @property {number} open_objections
 */

/**
 * @typedef {object} Participant
 * @property {string} participant_id
 * @property {string} name
 * @property {string} organisation
 * @property {string} stakeholder_group
 * @property {string} region
 * @property {Mode} mode
 * @property {string} hub_name
 * @property {string} country
 * @property {number} joined_at_ms
 */

/**
 * A point of disagreement: a question on one paragraph, with two or more options.
 * @typedef {object} Point
 * @property {string} point_id
 * @property {number} paragraph
 * @property {string} question
 * @property {Option[]} options
 */

/**
 * @typedef {object} PointSpec
 * @property {number} paragraph
 * @property {string} question
 * @property {string[]} options
 */

/**
 * @typedef {object} PresenceLink
 * @property {"facilitator" | "hub"} role
 * @property {string} key
 * @property {boolean} connected
 * @property {number} since_ms
 * @property {number} last_seen_ms
 * @property {number | null} rtt_ms
 * @property {number} unsent
 */

/**
 * Where a composed paragraph's words come from. `source` is decided by the core from the
 * text itself: only words equal to a candidate's are that candidate's; anything else is
 * `custom` (new wording), and `edited_from` then says what the chair started from, whose
 * backers are listed apart from the edit.
 * @typedef {object} Provenance
 * @property {CompositeSource} source
 * @property {CompositeSource | null} edited_from
 * @property {string | null} point_id
 * @property {string | null} option_id
 * @property {string | null} group_id
 * @property {Backer[]} backers
 * @property {number} score
 * @property {string[]} stakeholder_groups
 */

/**
 * @typedef {object} RankedBacking
 * @property {string} group_id
 * @property {number} round
 * @property {string} strength
 * @property {number} share
 */

/**
 * @typedef {object} RankedCandidate
 * @property {string} key
 * @property {string} label
 * @property {string | null} option_id
 * @property {string | null} group_id
 * @property {number} score
 * @property {string[]} groups
 * @property {number} of_groups
 * @property {string[]} stakeholder_groups
 * @property {boolean} near_tie
 * @property {RankedBacking[]} backings
 */

/**
 * A reaction to one wording (revision) of a composite paragraph; a hub's counts its people.
 * @typedef {object} ReactionRecord
 * @property {string} participant_id
 * @property {number} paragraph
 * @property {number} revision
 * @property {Reaction} reaction
 * @property {string} reason
 * @property {number} head_count
 */

/**
 * A named, revocable link: a co-moderator ("Chair 2, Maria") or a group's chair.
 * @typedef {object} RoleLink
 * @property {string} link_id
 * @property {"co_moderator" | "group_chair"} role
 * @property {string} label
 * @property {string | null} group_id
 * @property {number} created_at_ms
 */

/**
 * @typedef {object} Settings
 * @property {number | null} group_count
 * @property {number | null} target_group_size
 * @property {number} round_secs
 * @property {number} remote_groups
 */

export {};
