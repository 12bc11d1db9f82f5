// Headless Chromium for the live page's browser test: Debian's `chromium` driven by playwright-core.
// Whatever is missing is installed here (the Debian package, as root) or the test is skipped with
// the reason; nothing is downloaded by playwright itself.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import {
  installHint,
  installPackages,
  isRoot,
  missingPackages,
} from '../../../../infra/local/debian-packages';

/** Where Debian's `chromium` package puts the browser. */
export const chromiumPath = '/usr/bin/chromium';

/** Flags for a quiet, offline, throwaway browser (no sandbox: tests run as root in a container). */
const chromiumFlags = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A launched browser with its own profile directory, or why there is none. */
export type ChromiumLaunch =
  | { readonly ok: true; readonly context: BrowserContext; close(): Promise<void> }
  | { readonly ok: false; readonly skip: string };

type Playwright = typeof import('playwright-core');

function loadPlaywright(): Playwright | undefined {
  try {
    return require('playwright-core') as Playwright;
  } catch {
    return undefined;
  }
}

/** Makes sure `/usr/bin/chromium` exists: installs Debian's package when root; otherwise says why not. */
export async function ensureChromium(log: (line: string) => void = () => {}): Promise<string | undefined> {
  if (existsSync(chromiumPath)) return undefined;
  if (!existsSync('/usr/bin/apt-get'))
    return `${chromiumPath} is missing and there is no apt-get to install it`;
  const missing = await missingPackages(['chromium']);
  if (!isRoot()) return `${chromiumPath} is missing; run: ${installHint(missing)}`;
  try {
    await installPackages(missing.length > 0 ? missing : ['chromium'], log);
  } catch (error) {
    return `could not install chromium: ${error instanceof Error ? error.message : String(error)}`;
  }
  return existsSync(chromiumPath) ? undefined : `chromium installed but ${chromiumPath} is still missing`;
}

/**
 * Launches headless Chromium with a fresh profile (`--user-data-dir` in a temporary directory),
 * installing the browser first when it is missing and this process may.
 *
 * @example
 * const launch = await launchChromium();
 * if (!launch.ok) return t.skip(launch.skip);
 * const page = await launch.context.newPage();
 */
export async function launchChromium(log?: (line: string) => void): Promise<ChromiumLaunch> {
  const playwright = loadPlaywright();
  if (!playwright)
    return { ok: false, skip: 'playwright-core cannot be required (it is a devDependency: run npm ci)' };
  const problem = await ensureChromium(log);
  if (problem) return { ok: false, skip: problem };
  const profile = mkdtempSync(join(tmpdir(), 'sluice-chromium-'));
  let context: BrowserContext;
  try {
    // A persistent context is the one way to hand Chromium its own --user-data-dir.
    context = await playwright.chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumFlags,
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
      offline: false,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    ok: true,
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
