export { createCrmAssistant, defaultAssistantLimits } from './create-crm-assistant.js';
export type { CrmAssistant, CrmAssistantOptions } from './create-crm-assistant.js';
export type { AssistantErrorSource, EscalationEvent } from './assistant-context.js';
export type { AskInput, AskResult } from './ask-crm.js';
export { companyAssistantSessionType } from './chat-sessions.js';
export type { AssistantChatStream, ChatSessionType, HistoryInput, SendInput, SendResult, SessionHistory, StartSessionInput } from './chat-sessions.js';
export type { AnalysisOptions, AnalyzeInput, AnalyzeResult, ClassifyResult } from './analyze-messages.js';
export type { DraftReplyInput, DraftReplyResult } from './draft-ticket-reply.js';
export type { ExplainTicketInput, Inbox, RankInboxInput } from './inbox.js';
export { shortenToChannel } from './shorten-to-channel.js';
export { answerFromKnowledge } from './answer-from-knowledge.js';
export type { AnswerFromKnowledgeInput, KnowledgeAnswer, KnowledgeAnswerSettings, KnowledgeCitation, NoAnswerReason } from './answer-from-knowledge.js';
export type { AssistantKnowledgeOptions, GroundedReply } from './knowledge-replies.js';

export type { RequestOptions } from './request-options.js';
export type { ContentFilteredEvent, ContentFilterOperation } from './screen-input.js';
export type { EscalatedSession } from './escalate-session.js';

export type { AssistantAttempt, AssistantEvent, AssistantEventListener, AssistantEventScope, AssistantOperation, Correlated } from './assistant-event.js';

export { runTools, streamTools } from './run-tools.js';
export type { RunToolsOptions, RunToolsResult, ToolApprovalRequest, ToolRun, ToolRunStatus, ToolStep } from './run-tools.js';
export { ToolLoopError } from './tool-loop-error.js';
export type { ToolLoopErrorReason } from './tool-loop-error.js';
export { createCrmTools } from './create-crm-tools.js';
export type { CrmToolName, CrmToolsOptions } from './create-crm-tools.js';
export type { SendToolOptions, SendTools } from './answer-with-tools.js';
