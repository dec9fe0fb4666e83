import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { brokenLinks, headingAnchor, markdownFiles, readWorkspace, unknownCommands } from '../../src/docs.js';

const repositoryRoot = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

/** A repository of its own in a temporary folder, holding `files`. */
const repositoryWith = (files: Record<string, string>): string => {
  const root = mkdtempSync(join(tmpdir(), 'docs-check-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  execFileSync('git', ['init', '-q'], { cwd: root });
  return root;
};

describe('the documentation of this repository', () => {
  const files = markdownFiles(repositoryRoot).filter((file) => !file.includes('node_modules'));
  const workspace = readWorkspace(repositoryRoot);

  it('has its front door and topic pages', () => {
    expect(files).toContain('README.md');
    expect(files.filter((file) => file.startsWith('docs/')).length).toBeGreaterThan(3);
  });

  it('links only to files and headings that exist', () => {
    expect(files.flatMap((file) => brokenLinks(repositoryRoot, file))).toEqual([]);
  });

  it('shows only pnpm commands whose scripts exist', () => {
    expect(files.flatMap((file) => unknownCommands(workspace, repositoryRoot, file))).toEqual([]);
  });
});

describe('the documentation check', () => {
  it('gives a heading the anchor GitHub gives it', () => {
    expect(headingAnchor("The catalogue's answers, kept for 30 seconds")).toBe('the-catalogues-answers-kept-for-30-seconds');
    expect(headingAnchor('`pnpm dev` ready')).toBe('pnpm-dev-ready');
  });

  it('finds a link to a missing file, and to a missing heading', () => {
    const root = repositoryWith({
      'README.md': '# Front\n\nSee [the guide](docs/guide.md#setup), [gone](docs/gone.md) and [here](#front).\n',
      'docs/guide.md': '# Guide\n\n## Install\n',
    });

    expect(brokenLinks(root, 'README.md')).toEqual([
      { file: 'README.md', line: 3, problem: 'links to #setup in docs/guide.md, which has no such heading' },
      { file: 'README.md', line: 3, problem: 'links to docs/gone.md, which does not exist' },
    ]);
  });

  it('ignores links to the web and text in code blocks', () => {
    const root = repositoryWith({ 'README.md': '[site](https://example.com)\n\n```\n[not a link](nowhere.md)\n```\n' });

    expect(brokenLinks(root, 'README.md')).toEqual([]);
  });

  it('finds pnpm commands whose script or package does not exist', () => {
    const root = repositoryWith({
      'package.json': JSON.stringify({ name: 'root', scripts: { dev: 'x', deploy: 'x' } }),
      'tools/a/package.json': JSON.stringify({ name: '@x/a', scripts: { bundles: 'x' } }),
      'README.md': [
        '`pnpm dev`, `pnpm run deploy`, `pnpm install --frozen-lockfile`, `pnpm --filter @x/a bundles`',
        '```sh',
        'pnpm start',
        'pnpm --filter @x/b bundles && pnpm --filter @x/a generate',
        '```',
      ].join('\n'),
    });

    expect(unknownCommands(readWorkspace(root), root, 'README.md')).toEqual([
      { file: 'README.md', line: 3, problem: 'pnpm start: no such script' },
      { file: 'README.md', line: 4, problem: 'pnpm --filter @x/b: no such package' },
      { file: 'README.md', line: 4, problem: 'pnpm --filter @x/a generate: no such script' },
    ]);
  });
});
