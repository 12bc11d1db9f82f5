import { execFile } from 'node:child_process';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Debian packages that make up the Swift S3 server (python3-swift and the rest come as dependencies). */
export const swiftPackages = [
  'swift-proxy',
  'swift-object',
  'swift-container',
  'swift-account',
  'memcached',
] as const;

/** The JDK that runs DynamoDB Local (with `javac`, to build its loopback launcher). */
export const javaPackages = ['openjdk-17-jdk-headless'] as const;

/** True when this process may install system packages. */
export const isRoot = (): boolean => process.getuid?.() === 0;

/** The shell line a user runs to install `packages`. */
export const installHint = (packages: readonly string[]): string =>
  `sudo apt-get install -y --no-install-recommends ${packages.join(' ')}`;

/** Which of `packages` dpkg does not list as installed (all of them where there is no dpkg). */
export async function missingPackages(packages: readonly string[]): Promise<string[]> {
  let listed = '';
  try {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: dpkg-query's own format syntax
    const format = '-f=${Package}\\t${db:Status-Status}\\n';
    listed = (await run('dpkg-query', ['-W', format, ...packages])).stdout;
  } catch (error) {
    // dpkg-query exits 1 when it does not know some name, after listing the others.
    listed = (error as { stdout?: string }).stdout ?? '';
  }
  const installed = new Set(
    listed
      .split('\n')
      .map((line) => line.split('\t'))
      .filter(([, status]) => status === 'installed')
      .map(([name]) => name),
  );
  return packages.filter((name) => !installed.has(name));
}

const policyFile = '/usr/sbin/policy-rc.d';

/**
 * Installs `packages` with apt-get (update first, non-interactive, no recommends). Root only. The
 * packages' system services are not started (a temporary policy-rc.d refuses them): the stack runs
 * its own servers on free ports.
 */
export async function installPackages(
  packages: readonly string[],
  log: (line: string) => void,
): Promise<void> {
  if (!isRoot())
    throw new Error(`installing ${packages.join(' ')} needs root; run: ${installHint(packages)}`);
  log(`installing ${packages.join(' ')} with apt-get (once; about 30 s)`);
  // `env` adds the variable for apt-get (and debconf under it) without touching ours.
  const aptGet = (args: string[]) =>
    run('env', ['DEBIAN_FRONTEND=noninteractive', 'apt-get', '-q', ...args], { maxBuffer: 64 << 20 });
  const ownPolicy = !existsSync(policyFile);
  if (ownPolicy) writeFileSync(policyFile, '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  try {
    await aptGet(['-o', 'Acquire::Retries=3', 'update']);
    await aptGet(['install', '-y', '--no-install-recommends', '-o', 'DPkg::Lock::Timeout=300', ...packages]);
  } catch (error) {
    const output =
      (error as { stderr?: string; stdout?: string }).stderr || (error as { stdout?: string }).stdout;
    const tail = (output ?? String(error)).trim().split('\n').slice(-8).join('\n');
    throw new Error(`apt-get could not install ${packages.join(' ')}:\n${tail}`);
  } finally {
    if (ownPolicy) rmSync(policyFile, { force: true });
  }
}
