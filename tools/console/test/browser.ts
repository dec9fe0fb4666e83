import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's chromium: test tools cannot download a browser here, the distribution's package can be installed. */
const chromiumPath = '/usr/bin/chromium';

/**
 * Installs Debian's chromium when it is missing (a fresh machine, `.ci/run`): `apt-get install -y
 * chromium`, after an `apt-get update` if the package lists are stale; as root, or through sudo.
 * Does nothing when the browser is there.
 */
const ensureChromium = (): void => {
  if (existsSync(chromiumPath)) return;
  const asRoot = process.getuid?.() === 0;
  const aptGet = (...args: string[]) =>
    spawnSync(asRoot ? 'apt-get' : 'sudo', asRoot ? args : ['apt-get', ...args], {
      stdio: 'inherit',
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status;
  console.log(`console tests: ${chromiumPath} is missing; installing Debian's chromium package`);
  if (aptGet('install', '-y', 'chromium') !== 0) {
    aptGet('update');
    aptGet('install', '-y', 'chromium');
  }
  if (!existsSync(chromiumPath)) {
    throw new Error(`the console's tests need Debian's chromium at ${chromiumPath}: run apt-get install -y chromium as root`);
  }
};

/** Headless Chromium with a fresh profile, none of its background traffic, and nothing to download. */
export const launchChromium = async (): Promise<{ browser: BrowserContext; close(): Promise<void> }> => {
  ensureChromium();
  const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  // Playwright passes the profile as --user-data-dir.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    viewport: { width: 1280, height: 900 },
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
};
