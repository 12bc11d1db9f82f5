import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

/** The Lambda functions, bundled as serverless.yml bundles them (esbuild, CommonJS, node22). */
export const functionNames = ['index', 'archive', 'detect', 'sweep', 'notify', 'rehydrate'] as const;

export interface ColdStart {
  readonly bundleBytes: number;
  /** The bundle gzip'd: close to the deployment zip without its source map. */
  readonly gzipBytes: number;
  /** Median time to `require` the bundle in a fresh node process (module load, no invoke). */
  readonly moduleLoadMs: number;
}

/** Loads `file` in `runs` fresh processes and keeps the median load time. */
function loadTime(file: string, runs: number): number {
  const script = `const t=process.hrtime.bigint();require(${JSON.stringify(file)});process.stdout.write(String(Number(process.hrtime.bigint()-t)/1e6))`;
  const times = Array.from({ length: runs }, () =>
    Number(
      execFileSync(process.execPath, ['-e', script], {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_REGION: 'us-east-1',
          AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        },
      }).toString(),
    ),
  ).sort((a, b) => a - b);
  return Math.round((times[Math.floor(runs / 2)] ?? 0) * 10) / 10;
}

/**
 * Bundles each handler with the options of serverless.yml and measures its size and module load time.
 * Lambda's own cold start adds the runtime's start and the download of the zip; this is our share.
 */
export async function measureColdStarts(runs = 5): Promise<Record<string, ColdStart>> {
  const out = mkdtempSync(join(tmpdir(), 'sluice-bundles-'));
  try {
    const result: Record<string, ColdStart> = {};
    for (const name of functionNames) {
      const outfile = join(out, `${name}.js`);
      await build({
        entryPoints: [join(__dirname, '..', 'functions', name, 'handler.ts')],
        bundle: true,
        minify: true,
        keepNames: true,
        format: 'cjs',
        platform: 'node',
        target: 'node22',
        mainFields: ['module', 'main'],
        outfile,
        logLevel: 'silent',
      });
      const bytes = readFileSync(outfile);
      result[name] = {
        bundleBytes: bytes.length,
        gzipBytes: gzipSync(bytes).length,
        moduleLoadMs: loadTime(outfile, runs),
      };
    }
    return result;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
