import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

export interface Problem {
  file: string;
  line: number;
  problem: string;
}

/** Every Markdown file git tracks (or is about to), relative to the repository's root. */
export const markdownFiles = (root: string): string[] =>
  execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.md'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((file) => file !== '' && existsSync(join(root, file)));

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
export const headingAnchor = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

const anchorsOf = (markdown: string): Set<string> => {
  const anchors = new Set<string>();
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inCode = !inCode;
    const heading = !inCode && /^#{1,6} (.+)$/.exec(line);
    if (heading) anchors.add(headingAnchor(heading[1]!));
  }
  return anchors;
};

/** Each line of a Markdown text with its number, and whether it sits in a fenced code block. */
const linesOf = (markdown: string) => {
  let inCode = false;
  return markdown.split('\n').map((text, index) => {
    const fence = text.trimStart().startsWith('```');
    if (fence) inCode = !inCode;
    return { text, number: index + 1, inCode: inCode || fence };
  });
};

/** Relative links (`[text](path#anchor)`, images too) that lead to no file, or to no such heading. */
export const brokenLinks = (root: string, file: string): Problem[] => {
  const problems: Problem[] = [];
  for (const line of linesOf(readFileSync(join(root, file), 'utf8'))) {
    if (line.inCode) continue;
    for (const [, target] of line.text.matchAll(/\]\(([^)\s]+)\)/g)) {
      if (/^[a-z]+:/i.test(target!)) continue;
      const [path, anchor] = target!.split('#') as [string, string | undefined];
      const resolved = path === '' ? join(root, file) : join(root, dirname(file), path);
      const shown = relative(root, resolved);
      if (!existsSync(resolved)) {
        problems.push({ file, line: line.number, problem: `links to ${shown}, which does not exist` });
      } else if (anchor && statSync(resolved).isFile() && resolved.endsWith('.md')) {
        if (!anchorsOf(readFileSync(resolved, 'utf8')).has(anchor)) {
          problems.push({ file, line: line.number, problem: `links to #${anchor} in ${shown}, which has no such heading` });
        }
      }
    }
  }
  return problems;
};

/** pnpm's own commands, which need no script. */
const pnpmCommands = new Set(['install', 'i', 'add', 'exec', 'dlx', 'remove', 'update', 'why', 'list', 'approve-builds']);

interface Workspace {
  rootScripts: Set<string>;
  packageScripts: Map<string, Set<string>>;
}

export const readWorkspace = (root: string): Workspace => {
  const scriptsOf = (file: string) => new Set(Object.keys(JSON.parse(readFileSync(file, 'utf8')).scripts ?? {}));
  const packageScripts = new Map<string, Set<string>>();
  const manifests = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*package.json'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => file.endsWith('package.json') && !file.includes('node_modules') && existsSync(join(root, file)));
  for (const manifest of manifests) {
    const { name } = JSON.parse(readFileSync(join(root, manifest), 'utf8')) as { name?: string };
    if (name) packageScripts.set(name, scriptsOf(join(root, manifest)));
  }
  return { rootScripts: scriptsOf(join(root, 'package.json')), packageScripts };
};

/**
 * `pnpm <script>`, `pnpm run <script>` and `pnpm --filter <package> <script>` shown in a file
 * (in code blocks and in `code`) that name a script or a package that does not exist.
 */
export const unknownCommands = (workspace: Workspace, root: string, file: string): Problem[] => {
  const problems: Problem[] = [];
  for (const line of linesOf(readFileSync(join(root, file), 'utf8'))) {
    const snippets = line.inCode ? [line.text] : [...line.text.matchAll(/`([^`]+)`/g)].map(([, code]) => code!);
    for (const snippet of snippets) {
      for (const [, filter, run, script] of snippet.matchAll(/\bpnpm (?:--filter ([@\w./-]+) )?(run )?([a-z][\w:-]*)/g)) {
        if (!run && pnpmCommands.has(script!)) continue;
        const scripts = filter ? workspace.packageScripts.get(filter) : workspace.rootScripts;
        if (!scripts) problems.push({ file, line: line.number, problem: `pnpm --filter ${filter}: no such package` });
        else if (!scripts.has(script!)) {
          problems.push({
            file,
            line: line.number,
            problem: `pnpm ${filter ? `--filter ${filter} ` : ''}${script}: no such script`,
          });
        }
      }
    }
  }
  return problems;
};
