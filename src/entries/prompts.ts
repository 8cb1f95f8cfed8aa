/**
 * `crmkit/prompts`: the built-in prompts the assistant uses (CRM query, company assistant,
 * sessions, reply drafts, analysis, grounded answers), with their inputs and options, and the
 * template pieces behind `definePrompt`. `definePrompt` and the prompt registry are in `crmkit`.
 *
 * @packageDocumentation
 * @module prompts
 */
export {
  channelRules,
  checkDraft,
  createAnalysisPrompt,
  createCompanyAssistantPrompt,
  createCrmQueryPrompt,
  createGroundedAnswerPrompt,
  createReplyDraftPrompt,
  createSessionPrompt,
  historyTurnSchema,
  neutralizeInline,
  sessionTypes,
} from '../prompts/index.js';
export type {
  AnalysisInput,
  AnalysisOutputs,
  AnalysisPrompt,
  AnalysisPromptOptions,
  ChannelRule,
  CompanyAssistantInput,
  CompanyAssistantPromptOptions,
  CompanyKnowledge,
  CrmQueryInput,
  CrmQueryPromptOptions,
  CustomPromptInput,
  DraftCheck,
  DraftViolation,
  DraftViolationCode,
  GroundedAnswerInput,
  GroundedAnswerPrompt,
  GroundedAnswerPromptOptions,
  GroundedPassage,
  HistoryTurn,
  ModelOutputErrorOptions,
  PromptBudgetErrorOptions,
  PromptMessagesTemplate,
  RegistryCallOptions,
  RenderOptions,
  ReplyDraftInput,
  ReplyDraftPromptOptions,
  SessionContext,
  SessionInput,
  SessionPromptOptions,
  SessionType,
  SessionTypeProfile,
  TrimRule,
  TrimmedSection,
} from '../prompts/index.js';
