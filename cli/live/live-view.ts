import type { Rule } from '../../shared/rules/types';
import type { LiveWindows } from '../start/live-windows';
import type { RealertNotes } from '../start/realert-notes';
import { LiveRecorder, zeroTotals } from './recorder';
import { startLiveServer } from './server';
import type { LiveTotals } from './types';

export interface LiveViewOptions {
  readonly rules: readonly Rule[];
  readonly windows: LiveWindows;
  /** Told of every alert; says which windows realert kept quiet. */
  readonly realert?: RealertNotes;
  /** The run's running totals, read once a second from the first tick on (never during the call). */
  readonly totals: () => LiveTotals;
  readonly startedAt?: number;
  /** TCP port on 127.0.0.1; 0 (the default) picks a free one. */
  readonly port?: number;
  readonly sampleEveryMs?: number;
}

/** The live web view of a run: the recorder the run feeds, and the page server that reads it. */
export interface LiveView {
  readonly url: string;
  readonly recorder: LiveRecorder;
  close(): Promise<void>;
}

/**
 * Starts the live web view of `sluice start`: a {@link LiveRecorder} sampling the totals once a second
 * and the page server on 127.0.0.1.
 *
 * @example
 * const view = await startLiveView({ rules, windows: live, totals: () => ({ ...totals, produced, lag }) });
 * say(`  live view  ${view.url}`);
 * // for each detect batch: view.recorder.recordAlerts(report.alerts, Date.now());
 * await view.close();
 */
export async function startLiveView(options: LiveViewOptions): Promise<LiveView> {
  const startedAt = options.startedAt ?? Date.now();
  const recorder = new LiveRecorder({
    rules: options.rules,
    windows: options.windows,
    startedAt,
    ...(options.realert ? { realert: options.realert } : {}),
  });
  // The run starts from zero; `totals` is first read on the first tick.
  recorder.sample(zeroTotals, startedAt);
  const server = await startLiveServer({
    state: () => recorder.state(Date.now()),
    ...(options.port === undefined ? {} : { port: options.port }),
  });
  const sampler = setInterval(
    () => recorder.sample(options.totals(), Date.now()),
    options.sampleEveryMs ?? 1000,
  );
  sampler.unref();
  return {
    url: server.url,
    recorder,
    async close() {
      clearInterval(sampler);
      await server.close();
    },
  };
}
