import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { it } from 'vitest';
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

/**
 * A test that pulls a lever beyond those of its file: on a target without it, the test is skipped,
 * and its name says which capability it needs. Its file runs there; `needs(...)` covers the rest.
 */
export const itNeeds = (capabilities: Capability[], name: string, test: () => Promise<void>): void => {
  const missing = missingCapabilities(currentTarget(), capabilities);
  if (missing.length > 0) it.skip(`${name} (needs ${missing.join(', ')})`, test);
  else it(name, test);
};

const declaration = /^needs\(([^)]*)\);$/gm;
const testDeclaration = /itNeeds\(\s*\[([^\]]*)\],\s*'((?:[^'\\]|\\.)*)'/g;
const quoted = (list: string) => [...list.matchAll(/'([^']*)'/g)].map((match) => match[1]!);

/**
 * The capabilities a test file declares, read from its source without loading it (the dry run and
 * vitest's config decide what runs before any test module is imported). Exactly one top-level
 * `needs(...)` statement is expected: `needs();` for a file that uses the public APIs only.
 */
export const declaredNeeds = (source: string, file = 'the test file'): Capability[] => {
  const found = [...source.matchAll(declaration)];
  if (found.length !== 1)
    throw new Error(`${file} must declare its needs once, with a top-level needs(...); (found ${found.length})`);
  return known(quoted(found[0]![1]!), file);
};

const known = (names: string[], file: string): Capability[] => {
  const unknown = names.filter((name) => !isCapability(name));
  if (unknown.length > 0) throw new Error(`${file} needs an unknown capability: ${unknown.join(', ')}`);
  return names as Capability[];
};

/** The tests of a file that declare needs of their own (`itNeeds`), read from its source. */
export const declaredTestNeeds = (source: string, file = 'the test file'): Array<{ test: string; needs: Capability[] }> =>
  [...source.matchAll(testDeclaration)].map((match) => ({
    test: match[2]!.replace(/\\'/g, "'"),
    needs: known(quoted(match[1]!), file),
  }));

export interface TestFilePlan {
  run: string[];
  skip: Array<{ file: string; missing: Capability[] }>;
  /** Tests of files that run, skipped for the capabilities they need beyond their file's. */
  skipTests: Array<{ file: string; test: string; missing: Capability[] }>;
  /**
   * Files whose declaration is missing or names an unknown capability: they run on no target but
   * the local cloud (whose vitest project loads every file), and e2e's unit tests fail until they declare.
   */
  undeclared: Array<{ file: string; problem: string }>;
}

/** Which end-to-end test files run on `target`, and which are skipped for the capabilities they need. */
export const planTestFiles = (target: Pick<Target, 'capabilities'>, testDirectory: string): TestFilePlan => {
  const plan: TestFilePlan = { run: [], skip: [], skipTests: [], undeclared: [] };
  for (const file of readdirSync(testDirectory)
    .filter((name) => name.endsWith('.int.test.ts'))
    .sort()) {
    const source = readFileSync(join(testDirectory, file), 'utf8');
    let declared: Capability[];
    try {
      declared = declaredNeeds(source, file);
    } catch (error) {
      plan.undeclared.push({ file, problem: (error as Error).message });
      continue;
    }
    const missing = missingCapabilities(target, declared);
    if (missing.length > 0) {
      plan.skip.push({ file, missing });
      continue;
    }
    plan.run.push(file);
    for (const { test, needs } of declaredTestNeeds(source, file)) {
      const lacking = missingCapabilities(target, needs);
      if (lacking.length > 0) plan.skipTests.push({ file, test, missing: lacking });
    }
  }
  return plan;
};
