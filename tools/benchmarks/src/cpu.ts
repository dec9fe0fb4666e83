import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repositoryRoot } from '@ecommerce/local-cloud';

const ticksPerSecond = 100;

/**
 * CPU seconds (user + system) used so far by every process of the running local cloud: the process
 * groups it recorded in .local-cloud/processes.json, read from /proc. On two cores, 2 divided by the
 * CPU seconds one order costs is the most orders a second the local cloud can ever take.
 */
export const localCloudCpuSeconds = (): number | undefined => {
  const stateFile = join(repositoryRoot, '.local-cloud', 'processes.json');
  if (!existsSync(stateFile) || !existsSync('/proc')) return undefined;
  const groups = new Set((JSON.parse(readFileSync(stateFile, 'utf8')) as { groups: number[] }).groups);
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
