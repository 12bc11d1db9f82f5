/** What one stage costs on one batch: wall time, CPU time, and calls it would have made. */
export interface StageSample {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Runs `work` `warmup + runs` times and keeps the median of the measured runs, so a GC pause or a
 * noisy neighbour in one run does not decide the figure.
 */
export async function measure(work: () => unknown, runs = 5, warmup = 2): Promise<StageSample> {
  for (let i = 0; i < warmup; i += 1) await work();
  const samples: StageSample[] = [];
  for (let i = 0; i < runs; i += 1) {
    const cpuStart = process.cpuUsage();
    const wallStart = process.hrtime.bigint();
    await work();
    const wallMs = Number(process.hrtime.bigint() - wallStart) / 1e6;
    const cpu = process.cpuUsage(cpuStart);
    samples.push({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000 });
  }
  samples.sort((a, b) => a.wallMs - b.wallMs);
  return samples[Math.floor(samples.length / 2)] as StageSample;
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
