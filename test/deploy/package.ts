import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Template } from './cfn';

/** The repository root. */
export const root = resolve(__dirname, '..', '..');

/**
 * The MSK cluster the packaged stage (dev) reads: serverless.yml's example is refused for every stage
 * but local, so the test names one, in the stage's region, as a user must.
 */
export const testClusterArn =
  'arn:aws:kafka:us-east-1:123456789012:cluster/sluice-test/11111111-2222-3333-4444-555555555555-1';

/** The functions serverless.yml deploys, by their name there. */
export const functionNames = ['index', 'archive', 'detect', 'sweep', 'notify', 'rehydrate'] as const;
export type FunctionName = (typeof functionNames)[number];

/** Handler sources that serverless.yml points at but that do not exist (yet). */
export function missingHandlers(): string[] {
  return functionNames
    .map((name) => `functions/${name}/handler.ts`)
    .filter((path) => !existsSync(join(root, path)));
}

export interface Packaged {
  readonly template: Template;
  /** Zipped artifact of each function, by function name. */
  readonly artifacts: Record<FunctionName, { path: string; bytes: number }>;
  /** Whether packaging ran without any network (inside `unshare -rn`). */
  readonly offline: boolean;
  readonly output: string;
}

/** Environment of the packaging run: fake credentials, an empty home, nothing from this machine's AWS setup. */
function isolatedEnv(home: string): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    AWS_ACCESS_KEY_ID: 'AKIAFAKEFAKEFAKEFAKE',
    AWS_SECRET_ACCESS_KEY: 'fake-secret-for-offline-packaging',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: join(home, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    // Anything that tries the network anyway hits a closed port.
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    SLS_TELEMETRY_DISABLED: '1',
    SLS_NOTIFICATIONS_MODE: 'off',
    CI: '1',
  };
}

/** True when this machine can run a command in a new network namespace with no interfaces up. */
function canUnshareNetwork(): boolean {
  return spawnSync('unshare', ['-rn', 'true'], { stdio: 'ignore' }).status === 0;
}

/** What `serverless package` reads of the checkout: linked into a service folder of each run's own. */
const serviceInputs = ['package.json', 'tsconfig.json', 'functions', 'shared', 'infra', 'node_modules'];

/**
 * Runs `serverless package` (osls + serverless-esbuild) once, exactly as `npm run package` does, into
 * test-output/deploy/<folder>/, with fake credentials and, where the kernel allows it, no network at all.
 * It runs in a service folder of its own (links to the sources, a copy of serverless.yml), so that two
 * test files packaging at once cannot share the plugin's work folder (.esbuild). `params` are more
 * `--param name=value` stage parameters; `files` are written into the service folder (a user's rules file).
 */
export function packageService(
  folder = 'package',
  params: readonly string[] = [],
  files: Readonly<Record<string, string>> = {},
): Packaged {
  const output = join(root, 'test-output', 'deploy', folder);
  const home = join(root, 'test-output', 'deploy', `${folder}-home`);
  rmSync(output, { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  const service = mkdtempSync(join(tmpdir(), 'sluice-package-'));
  for (const input of serviceInputs) symlinkSync(join(root, input), join(service, input));
  copyFileSync(join(root, 'serverless.yml'), join(service, 'serverless.yml'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(service, path)), { recursive: true });
    writeFileSync(join(service, path), text);
  }
  const cli = join(root, 'node_modules', 'osls', 'bin', 'serverless.js');
  const args = [cli, 'package', '--package', output, '--param', `mskClusterArn=${testClusterArn}`];
  for (const param of params) args.push('--param', param);
  const offline = canUnshareNetwork();
  const options = { cwd: service, env: isolatedEnv(home), encoding: 'utf8' } as const;
  const run = offline
    ? spawnSync('unshare', ['-rn', process.execPath, ...args], options)
    : spawnSync(process.execPath, args, options);
  rmSync(service, { recursive: true, force: true });
  if (run.status !== 0) {
    throw new Error(`serverless package failed (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  }
  const template = JSON.parse(
    readFileSync(join(output, 'cloudformation-template-update-stack.json'), 'utf8'),
  ) as Template;
  const zips = new Set(readdirSync(output).filter((name) => name.endsWith('.zip')));
  const artifacts = {} as Record<FunctionName, { path: string; bytes: number }>;
  for (const name of functionNames) {
    if (!zips.has(`${name}.zip`)) throw new Error(`no artifact for ${name} in ${[...zips].join(', ')}`);
    const path = join(output, `${name}.zip`);
    artifacts[name] = { path, bytes: statSync(path).size };
  }
  return { template, artifacts, offline, output };
}
