import { currentTarget, targetVariable } from './target.js';

/**
 * Vitest global setup of the `aws` project: the target must come from `pnpm test:aws`, which
 * resolves the stage and creates the run's users; without it the tests would run against nothing.
 */
export default function setup(): void {
  if (currentTarget().kind !== 'aws') {
    throw new Error(`the aws project runs through pnpm test:aws --stage <stage>, which sets ${targetVariable}`);
  }
}
