export { planStage } from './plan.js';
export type { PackagedStack, StagePlan, StackTemplate } from './plan.js';
export { retainedTables } from './retained-tables.js';
export type { RetainedTable } from './retained-tables.js';
