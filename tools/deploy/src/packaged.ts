import type { PackagedStack, StackTemplate } from './plan.js';

/** A service as `sls package` left it in its package folder. */
export interface PackagedService extends PackagedStack {
  stackName: string;
  /** What `sls deploy` creates a new stack with: its deployment bucket only. */
  coreTemplate: StackTemplate;
  /** `custom.localCloud.seed`: sample data, loaded into a new stage. */
  seeds: Array<{ table: string; file: string }>;
}

export interface Command {
  /** Whose output it is: each line is printed after it. */
  label: string;
  cwd: string;
  args: string[];
}
