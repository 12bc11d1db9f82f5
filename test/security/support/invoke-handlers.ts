// Run by test/security/secrets.test.ts in a child process whose environment holds fake secrets: loads
// the Lambda handlers exactly as Lambda does (each builds its config from the environment at
// import) and invokes them, printing what the Lambda runtime would print: the handlers' own logs, and
// for a failed invocation the error, here with its whole cause chain (util.inspect), so that a secret
// in any error, however deep, shows.
import { readFileSync } from 'node:fs';
import { inspect } from 'node:util';
import type { Context } from 'aws-lambda';

type Handler = (event: unknown, context: Context) => Promise<unknown>;

const [mskFile, notifyFile, scheduleFile] = process.argv.slice(2) as [string, string, string];
const read = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));

const context = (name: string, ms: number): Context =>
  ({
    functionName: `sluice-secrets-${name}`,
    awsRequestId: `request-${name}`,
    getRemainingTimeInMillis: (() => {
      const deadline = Date.now() + ms;
      return () => deadline - Date.now();
    })(),
  }) as unknown as Context;

async function invoke(name: string, event: unknown, ms = 8_000): Promise<void> {
  const module = (await import(`../../../functions/${name}/handler`)) as { handler: Handler };
  try {
    const result = await module.handler(event, context(name, ms));
    process.stdout.write(`${JSON.stringify({ function: name, result })}\n`);
  } catch (error) {
    const e = error as Error;
    process.stdout.write(
      `${JSON.stringify({ errorType: e.name, errorMessage: e.message, trace: String(e.stack).split('\n') })}\n`,
    );
    process.stderr.write(`${inspect(error, { depth: 8 })}\n`);
  }
}

async function main(): Promise<void> {
  await invoke('index', read(mskFile), 5_000);
  await invoke('archive', read(mskFile));
  await invoke('detect', read(mskFile));
  await invoke('sweep', read(scheduleFile));
  await invoke('notify', read(notifyFile));
  await invoke('rehydrate', {
    since: new Date(Date.now() - 3_600_000).toISOString(),
    until: new Date().toISOString(),
  });
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`${inspect(error, { depth: 8 })}\n`);
    process.exit(1);
  },
);
