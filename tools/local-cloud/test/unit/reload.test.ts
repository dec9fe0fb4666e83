import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { changesBundles, coalesceChanges, sourceFolders } from '../../reload.mjs';

/** A workspace as pnpm lays it out: each package's workspace dependencies linked into its node_modules. */
const workspace = (packages: Record<string, { dependencies?: Record<string, string> }>) => {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'reload-')));
  for (const [dir, manifest] of Object.entries(packages)) {
    mkdirSync(join(root, dir, 'src'), { recursive: true });
    writeFileSync(join(root, dir, 'package.json'), JSON.stringify({ name: `@shop/${dir.split('/')[1]}`, ...manifest }));
  }
  for (const [dir, manifest] of Object.entries(packages)) {
    for (const name of Object.keys(manifest.dependencies ?? {}).filter((name) => name.startsWith('@shop/'))) {
      const link = join(root, dir, 'node_modules', name);
      mkdirSync(dirname(link), { recursive: true });
      symlinkSync(join(root, 'packages', name.slice('@shop/'.length)), link);
    }
  }
  return root;
};

const shop = () =>
  workspace({
    'services/orders': {
      dependencies: { '@shop/lambda-kit': 'workspace:*', '@aws-sdk/client-dynamodb': '3.0.0' },
    },
    'services/billing': { dependencies: { '@shop/events': 'workspace:*' } },
    'packages/lambda-kit': { dependencies: { '@shop/events': 'workspace:*' } },
    'packages/events': {},
    'packages/tooling': {},
  });

describe('sourceFolders', () => {
  it('are the service src and the src of every workspace package it depends on, through other packages too', () => {
    const root = shop();

    expect(sourceFolders(join(root, 'services/orders')).sort()).toEqual(
      [join(root, 'services/orders/src'), join(root, 'packages/lambda-kit/src'), join(root, 'packages/events/src')].sort(),
    );
    expect(sourceFolders(join(root, 'services/billing')).sort()).toEqual(
      [join(root, 'services/billing/src'), join(root, 'packages/events/src')].sort(),
    );
  });

  it('leave out devDependencies, which are tooling and never bundled', () => {
    const root = workspace({
      'services/orders': { devDependencies: { '@shop/tooling': 'workspace:*' } } as never,
      'packages/tooling': {},
    });

    expect(sourceFolders(join(root, 'services/orders'))).toEqual([join(root, 'services/orders/src')]);
  });
});

describe('changesBundles', () => {
  const root = shop();
  const orders = sourceFolders(join(root, 'services/orders'));
  const billing = sourceFolders(join(root, 'services/billing'));

  it('tells which services a changed file belongs to', () => {
    const file = join(root, 'packages/lambda-kit/src/http.ts');

    expect(changesBundles(file, orders)).toBe(true);
    expect(changesBundles(file, billing)).toBe(false);
    expect(changesBundles(join(root, 'packages/events/src/order.ts'), billing)).toBe(true);
    expect(changesBundles(join(root, 'services/billing/src/functions/charge/handler.ts'), orders)).toBe(false);
  });

  it('ignores tests, files that are not code, and folders that only start like a source folder', () => {
    expect(changesBundles(join(root, 'services/orders/src/rules.test.ts'), orders)).toBe(false);
    expect(changesBundles(join(root, 'services/orders/src/.handler.ts.swp'), orders)).toBe(false);
    expect(changesBundles(join(root, 'services/orders/src-old/handler.ts'), orders)).toBe(false);
    expect(changesBundles(join(root, 'services/orders/src/catalogue.json'), orders)).toBe(true);
  });
});

describe('coalesceChanges', () => {
  it('makes one rebuild of a burst of changes', async () => {
    vi.useFakeTimers();
    const rebuild = vi.fn(async () => {});
    const changed = coalesceChanges(rebuild, 50);

    changed('a.ts');
    changed('b.ts');
    changed('a.ts');
    await vi.advanceTimersByTimeAsync(60);

    expect(rebuild).toHaveBeenCalledExactlyOnceWith(['a.ts', 'b.ts']);
    vi.useRealTimers();
  });

  it('rebuilds once more after a rebuild for what changed meanwhile, never two at once', async () => {
    vi.useFakeTimers();
    let finish: () => void = () => {};
    let running = 0;
    let mostAtOnce = 0;
    const rebuild = vi.fn(
      (_files: string[]) =>
        new Promise<void>((resolve) => {
          running += 1;
          mostAtOnce = Math.max(mostAtOnce, running);
          finish = () => {
            running -= 1;
            resolve();
          };
        }),
    );
    const changed = coalesceChanges(rebuild, 50);

    changed('a.ts');
    await vi.advanceTimersByTimeAsync(60);
    changed('b.ts');
    changed('c.ts');
    await vi.advanceTimersByTimeAsync(60);
    finish();
    await vi.advanceTimersByTimeAsync(0);
    finish();
    await vi.advanceTimersByTimeAsync(0);

    expect(rebuild.mock.calls).toEqual([[['a.ts']], [['b.ts', 'c.ts']]]);
    expect(mostAtOnce).toBe(1);
    vi.useRealTimers();
  });
});
