// A short, real run of the pipeline for the live page tests: the simulated microservice of
// `sluice start` (its default rate and bursts) writes MSK batches through index/archive/detect on the
// test stack (openLocalPipeline), and the live view is fed exactly as `sluice start` feeds it. Event
// time is laid out over the last minutes, so the chart shows what a run of that length shows.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LiveRecorder } from '../../../../cli/live/recorder';
import type { LiveTotals } from '../../../../cli/live/types';
import { type LocalPipeline, openLocalPipeline } from '../../../../cli/pipeline/local-pipeline';
import { defaultBursts, simulateBurstyService } from '../../../../cli/sim/bursts';
import { defaultPathnames } from '../../../../cli/sim/microservice';
import { type RecordToSend, toMskEvent } from '../../../../cli/sim/msk-event';
import { LiveWindows } from '../../../../cli/start/live-windows';
import { RealertNotes } from '../../../../cli/start/realert-notes';
import { readBatch } from '../../../../shared/batch/read-batch';
import { parseKafkaEvent } from '../../../../shared/kafka/event';
import { freshBucket, freshTable, testStackEnv } from '../../../helpers/local-stack';

export interface SimulatedRunOptions {
  /** Records per second of event time (default 200, as `sluice start`). */
  readonly rate?: number;
  /** Seconds of event time per batch (default 2). */
  readonly batchSeconds?: number;
}

/** A run in progress: feed it more seconds, read its live state, close it. */
export interface SimulatedRun {
  readonly pathnames: readonly string[];
  readonly pipeline: LocalPipeline;
  readonly recorder: LiveRecorder;
  readonly totals: () => LiveTotals;
  /** Event time of the last record written (the run's "now"). */
  readonly clock: () => number;
  /** Writes `seconds` more of logs from `clock()` on, batch by batch. */
  advance(seconds: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens the pipeline on a fresh bucket and table of the test stack and returns a run whose clock
 * starts about `backSeconds` ago, 3 s into a 10 s window (so each burst falls in one window, and the
 * window the run ends in is still filling).
 */
export async function simulatedRun(
  backSeconds: number,
  options: SimulatedRunOptions = {},
): Promise<SimulatedRun> {
  const rate = options.rate ?? 200;
  const batchSeconds = options.batchSeconds ?? 2;
  const dataDir = mkdtempSync(join(tmpdir(), 'sluice-live-'));
  const pipeline = await openLocalPipeline({
    dataDir,
    env: {
      PATH: process.env.PATH,
      ...(await testStackEnv()),
      SLUICE_BUCKET: await freshBucket('live'),
      SLUICE_TABLE: await freshTable('live'),
    },
    slackOut: { write: () => true },
  });
  const rules = pipeline.rules.rules;
  const windows = new LiveWindows(rules);
  let clock = Math.floor((Date.now() - backSeconds * 1000) / 10_000) * 10_000 + 3000;
  const recorder = new LiveRecorder({ rules, windows, startedAt: clock, realert: new RealertNotes(rules) });
  const service = simulateBurstyService({ ...defaultBursts, startMs: clock, pathnames: defaultPathnames }, 7);
  const offsets = [0, 0];
  const totals = {
    produced: 0,
    accepted: 0,
    deadLettered: 0,
    skipped: 0,
    indexed: null as number | null,
    archived: 0,
    alerts: 0,
    lag: 0,
  };
  recorder.sample({ ...totals }, clock);

  const runBatch = async (from: number, seconds: number): Promise<void> => {
    const records: RecordToSend[] = [];
    const count = Math.round(rate * seconds);
    for (let i = 0; i < count; i += 1) {
      const time = from + Math.floor((i * seconds * 1000) / count);
      const partition = i % 2;
      const offset = offsets[partition] ?? 0;
      offsets[partition] = offset + 1;
      records.push({
        topic: 'logs',
        partition,
        offset,
        timestamp: time,
        value: service(time).value,
      });
    }
    const batch = parseKafkaEvent(toMskEvent(records));
    const report = await pipeline.runBatch(batch);
    windows.add(readBatch(batch, pipeline.config).accepted);
    const end = from + seconds * 1000;
    recorder.recordAlerts(report.alerts, end);
    totals.produced += records.length;
    totals.accepted += report.accepted;
    totals.deadLettered += report.deadLettered;
    totals.skipped += report.skipped;
    totals.archived += report.archived;
    totals.indexed = report.indexed === null ? null : (totals.indexed ?? 0) + report.indexed;
    totals.alerts += report.alerts.length;
    recorder.sample({ ...totals }, end);
    clock = end;
  };

  return {
    pathnames: defaultPathnames,
    pipeline,
    recorder,
    totals: () => ({ ...totals }),
    clock: () => clock,
    async advance(seconds) {
      for (let done = 0; done < seconds; done += batchSeconds)
        await runBatch(clock, Math.min(batchSeconds, seconds - done));
    },
    async close() {
      await pipeline.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
