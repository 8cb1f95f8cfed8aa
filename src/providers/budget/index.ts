export { withBudget } from './with-budget.js';
export type { BudgetLimits, BudgetOptions, DailyLimits, RequestLimits, SessionLimits } from './with-budget.js';
export { BudgetExceededError } from './budget-exceeded-error.js';
export type { BudgetExceededErrorOptions, BudgetLimitName, BudgetScope } from './budget-exceeded-error.js';
export { defaultPriceTable, resolvePrice } from './price-table.js';
export type { ModelPrice, PriceTable } from './price-table.js';
export { costMicros } from './cost-micros.js';
export type { BillableUsage } from './cost-micros.js';

export type { BudgetEvent } from './budget-event.js';
