import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isCapability, type Capability } from './capabilities.js';
import { currentTarget, missingCapabilities, type Target } from './target.js';

/**
 * Declares, at the top of a test file, the levers beyond the public APIs that its tests pull.
 * A target without one of them never loads the file (the vitest project of that target excludes
 * it, see `planTestFiles`); should the file be loaded anyway, this refuses to run it, saying what is missing.
 */
export const needs = (...capabilities: Capability[]): void => {
  const missing = missingCapabilities(currentTarget(), capabilities);
  if (missing.length > 0)
    throw new Error(`this test file needs ${missing.join(', ')}, which the ${currentTarget().kind} target lacks`);
};

const declaration = /^needs\(([^)]*)\);$/gm;

/**
 * The capabilities a test file declares, read from its source without loading it (the dry run and
 * vitest's config decide what runs before any test module is imported). Exactly one top-level
 * `needs(...)` statement is expected: `needs();` for a file that uses the public APIs only.
 */
export const declaredNeeds = (source: string, file = 'the test file'): Capability[] => {
  const found = [...source.matchAll(declaration)];
  if (found.length !== 1)
    throw new Error(`${file} must declare its needs once, with a top-level needs(...); (found ${found.length})`);
  const names = [...found[0]![1]!.matchAll(/'([^']*)'/g)].map((match) => match[1]!);
  const unknown = names.filter((name) => !isCapability(name));
  if (unknown.length > 0) throw new Error(`${file} needs an unknown capability: ${unknown.join(', ')}`);
  return names as Capability[];
};

export interface TestFilePlan {
  run: string[];
  skip: Array<{ file: string; missing: Capability[] }>;
}

/** Which end-to-end test files run on `target`, and which are skipped for the capabilities they need. */
export const planTestFiles = (target: Pick<Target, 'capabilities'>, testDirectory: string): TestFilePlan => {
  const plan: TestFilePlan = { run: [], skip: [] };
  for (const file of readdirSync(testDirectory)
    .filter((name) => name.endsWith('.int.test.ts'))
    .sort()) {
    const missing = missingCapabilities(target, declaredNeeds(readFileSync(join(testDirectory, file), 'utf8'), file));
    if (missing.length === 0) plan.run.push(file);
    else plan.skip.push({ file, missing });
  }
  return plan;
};
