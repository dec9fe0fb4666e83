export { planStage } from './plan.js';
export type { PackagedStack, StagePlan, StackTemplate } from './plan.js';
