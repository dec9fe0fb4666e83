export { localCloud, localCloudEnv, localTopicArn, orderEventsTopicArn } from './endpoints.js';
export { acquireLocalCloud } from './harness.js';
export type { LocalCloudLease } from './harness.js';
export { signIn } from './sign-in.js';
export type { SignInOptions } from './sign-in.js';
export { reportFigure } from './figures.js';
export { listDeadLetters, redriveDeadLetter } from './dead-letters.js';
export type { DeadLetter } from './dead-letters.js';
export type { ManagedProcess } from './processes.js';
export {
  callMeterDirectory,
  logDirectory,
  probeLocalCloud,
  recordedProcessGroups,
  recordedProcessOf,
  startLocalCloud,
  startOfflineService,
} from './stack.js';
export { jsonLines, metricTotals } from './metrics.js';
export type { MetricTotal } from './metrics.js';
