/**
 * Fallback: rule-based answers, message analysis, reply drafts, content filtering and PII
 * redaction that work with no model at all. Pure: no I/O, no timers, no SDK.
 *
 * @packageDocumentation
 */
export { createRuleBasedResponder } from './create-rule-based-responder.js';
export type { RuleBasedResponderOptions } from './create-rule-based-responder.js';
export type { CrmDataContext, CrmMemberSummary } from './crm-data-context.js';
export { parseCrmContext } from './parse-crm-context.js';
export type { ParsedCrmPrompt } from './parse-crm-context.js';
export { classifyCrmQuestion, crmQuestionIntents } from './classify-crm-question.js';
export type { CrmQuestion, CrmQuestionIntent } from './classify-crm-question.js';
export { answerCrmQuestion } from './answer-crm-question.js';
export type { AnswerCrmQuestionOptions, CrmAnswer } from './answer-crm-question.js';
export { formatIdList } from './format-id-list.js';
export { analyzeMessage } from './analyze-message.js';
export type { AnalyzeMessageOptions } from './analyze-message.js';
export { analyzeSentiment, supportNeutralWords } from './analyze-sentiment.js';
export type { AnalyzeSentimentOptions } from './analyze-sentiment.js';
export { classifyIntent } from './classify-intent.js';
export type { ClassifyIntentOptions } from './classify-intent.js';
export { defaultIntents, generalIntent } from './default-intents.js';
export type { IntentRule } from './default-intents.js';
export { extractEntities } from './extract-entities.js';
export type { ExtractEntitiesOptions } from './extract-entities.js';
export { assessPriority, defaultUrgencyCues } from './assess-priority.js';
export type { AssessPriorityOptions, UrgencyCue } from './assess-priority.js';
export { draftReply } from './draft-reply.js';
export type { DraftReplyOptions, ReplyDraft } from './draft-reply.js';
export { defaultReplyTemplates } from './reply-template.js';
export type { ReplySection, ReplySlot, ReplyTemplate } from './reply-template.js';
export { defaultReplyPhrases } from './default-reply-phrases.js';
export type { ReplyPhrases } from './default-reply-phrases.js';
export { channelLimits, fitsChannel, measureForChannel } from './channel-limits.js';
export type { ChannelLimit } from './channel-limits.js';
export { createContentFilter } from './create-content-filter.js';
export type { ContentCategory, ContentCheck, ContentFilter, ContentFilterOptions, ContentMatch, ContentStrictness } from './create-content-filter.js';
export { detectPii, isCardNumber, isValidIban, piiTypes } from '../core/pii/detect-pii.js';
export type { DetectPiiOptions, PiiMatch, PiiType } from '../core/pii/detect-pii.js';
export { createPiiRedactionState, redactPii, restorePii } from '../core/pii/redact-pii.js';
export type { PiiRedactionState, PiiRestoreMap, RedactPiiOptions, RedactedText } from '../core/pii/redact-pii.js';
export { answerFromPassage } from './answer-from-passage.js';
export type { AnswerFromPassageOptions } from './answer-from-passage.js';

export { summarizeHandoff } from './summarize-handoff.js';
export type { HandoffTurn, SummarizeHandoffInput } from './summarize-handoff.js';

export { trainIntentClassifier } from './train-intent-classifier.js';
export type { IntentExample, TrainIntentClassifierOptions } from './train-intent-classifier.js';
export { loadIntentClassifier } from './load-intent-classifier.js';
export type { ClassifiedIntent, ClassifyOptions, IntentClassifier, IntentClassifierModel } from './load-intent-classifier.js';
export { phoneMatcher } from '../core/pii/find-phones.js';
export type { PhoneRegion } from '../core/pii/find-phones.js';
export { supportLexicon } from './support-lexicon.js';
export { detectLanguage } from './detect-language.js';
export type { DetectLanguageOptions } from './detect-language.js';
export { defaultReplyLanguages } from './reply-languages.js';
export type { ReplyLanguage } from './reply-languages.js';

export { planRuleToolCall } from './plan-rule-tool-call.js';
export type { RuleToolCall } from './plan-rule-tool-call.js';
export { answerFromToolResult } from './answer-from-tool-result.js';
