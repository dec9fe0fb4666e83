export { localCloud, localCloudEnv, localTopicArn, orderEventsTopicArn } from './endpoints.js';
export { acquireLocalCloud } from './harness.js';
export type { LocalCloudLease } from './harness.js';
export { eventually } from './eventually.js';
export { reportFigure } from './figures.js';
export { listDeadLetters, redriveDeadLetter } from './dead-letters.js';
export type { DeadLetter } from './dead-letters.js';
export type { ManagedProcess } from './processes.js';
export { callMeterDirectory, recordedProcessGroups, startOfflineService } from './stack.js';
