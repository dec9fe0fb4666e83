import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { recordedProcessGroups } from '@ecommerce/local-cloud';

const ticksPerSecond = 100;

/**
 * CPU seconds (user + system) used so far by every process of the running local cloud: the process
 * groups it recorded, read from /proc. On two cores, 2 divided by the
 * CPU seconds one order costs is the most orders a second the local cloud can ever take.
 */
export const localCloudCpuSeconds = (): number | undefined => {
  const groups = new Set(recordedProcessGroups());
  if (groups.size === 0 || !existsSync('/proc')) return undefined;
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // After the command name in parentheses: state ppid pgrp session ... utime (14th) stime (15th).
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (!groups.has(Number(fields[2]))) continue;
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks / ticksPerSecond;
};
