export { createAjv, createAjv2020 } from './ajv.js';
export { issuesFrom } from './issues.js';
export type { ValidationIssue } from './issues.js';
