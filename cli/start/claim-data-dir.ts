import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { atExit } from '../../infra/local/child-process';
import { claimPidFile, type PidRecord, readJson, thisCommand } from '../../infra/local/pid-file';
import { ConfigError } from '../../shared/errors';

/**
 * Makes this process the only `sluice start` on `dataDir` until the returned function (or its exit)
 * lets go: two runs would write the same offsets of the simulated topic, which the archive and the
 * windows rightly take for one record delivered twice. Throws, saying who holds it, when another
 * live run does.
 *
 * @example
 * const release = claimDataDir('.sluice');
 * // ... the run ...
 * release();
 */
export function claimDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'start.json');
  const claim = claimPidFile<PidRecord>(file, { pid: process.pid, command: thisCommand() });
  if (!claim.claimed) {
    const holder = claim.holder ? `pid ${claim.holder.pid}` : 'another process';
    throw new ConfigError(
      `the data dir ${dataDir} is in use by another sluice start (${holder}): two runs would write the ` +
        'same offsets of the simulated topic. Stop that run, or give this one its own --data-dir',
    );
  }
  const release = () => {
    if (readJson<PidRecord>(file)?.pid === process.pid) rmSync(file, { force: true });
  };
  const cancel = atExit(release);
  return () => {
    cancel();
    release();
  };
}
