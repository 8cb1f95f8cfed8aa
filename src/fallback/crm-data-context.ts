// The CRM data context is a contract of the request (core): the assistant puts it on the request
// and the rule-based link reads it. Re-exported here, where it has always been importable from.
export type { CrmDataContext, CrmMemberSummary } from '../core/crm-data-context.js';
