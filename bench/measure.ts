/** What one stage costs on one batch: wall time and CPU time. */
export interface StageSample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

export interface Work {
  readonly name: string;
  run(): unknown;
}

async function once(work: Work): Promise<StageSample> {
  const cpuStart = process.cpuUsage();
  const wallStart = process.hrtime.bigint();
  await work.run();
  const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
  const cpu = process.cpuUsage(cpuStart);
  return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
}

const median = (samples: StageSample[]): StageSample =>
  [...samples].sort((a, b) => a.wallMs - b.wallMs)[Math.floor(samples.length / 2)] as StageSample;

/**
 * Runs every piece of work round after round, interleaved, and keeps each one's median: the floor
 * and the stages then see the same machine load, so their ratios hold even on a busy machine.
 */
export async function measureInterleaved(
  works: readonly Work[],
  runs = 7,
  warmup = 2,
): Promise<Map<string, StageSample>> {
  for (let i = 0; i < warmup; i += 1) for (const work of works) await work.run();
  const samples = new Map<string, StageSample[]>(works.map((work) => [work.name, []]));
  for (let i = 0; i < runs; i += 1) {
    for (const work of works) samples.get(work.name)?.push(await once(work));
  }
  return new Map([...samples].map(([name, list]) => [name, median(list)]));
}

/** Tracks the peak resident set size while the benchmark runs. */
export function watchPeakRss(intervalMs = 20): { peak(): number; stop(): void } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, intervalMs);
  timer.unref();
  return {
    peak: () => Math.max(peak, process.memoryUsage.rss()),
    stop: () => clearInterval(timer),
  };
}
