/** One configuration's curve: at each offered load, what gets through and how late alerts are. */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: ReadonlyArray<{
    readonly offeredMBps: number;
    /** What the slowest of the three functions keeps up with. */
    readonly processedMBps: number;
    /** Infinity when detect falls behind. */
    readonly alertLatencyS: number;
  }>;
}

const WIDTH = 900;
const PANEL = { left: 80, right: 30, height: 230 };
const X_DECADES = [-1, 3] as const;

const escapeXml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Position of a value on a log axis spanning the decades [low, high] over `pixels`. */
export function logPosition(value: number, decades: readonly [number, number], pixels: number): number {
  const clamped = Math.min(10 ** decades[1], Math.max(10 ** decades[0], value));
  return ((Math.log10(clamped) - decades[0]) / (decades[1] - decades[0])) * pixels;
}

function panel(
  top: number,
  title: string,
  unit: string,
  yDecades: readonly [number, number],
  series: readonly ChartSeries[],
  value: (point: ChartSeries['points'][number]) => number,
  diagonal: boolean,
): string {
  const width = WIDTH - PANEL.left - PANEL.right;
  const x = (v: number) => PANEL.left + logPosition(v, X_DECADES, width);
  const y = (v: number) => top + PANEL.height - logPosition(v, yDecades, PANEL.height);
  const parts: string[] = [
    `<text x="${PANEL.left}" y="${top - 10}" font-size="14" font-weight="bold">${escapeXml(title)}</text>`,
  ];
  for (let d = X_DECADES[0]; d <= X_DECADES[1]; d += 1) {
    const px = x(10 ** d).toFixed(1);
    parts.push(`<line x1="${px}" y1="${top}" x2="${px}" y2="${top + PANEL.height}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${px}" y="${top + PANEL.height + 16}" font-size="11" text-anchor="middle">${10 ** d >= 1 ? 10 ** d : (10 ** d).toFixed(1)}</text>`,
    );
  }
  for (let d = yDecades[0]; d <= yDecades[1]; d += 1) {
    const py = y(10 ** d).toFixed(1);
    parts.push(`<line x1="${PANEL.left}" y1="${py}" x2="${WIDTH - PANEL.right}" y2="${py}" stroke="#ddd"/>`);
    parts.push(
      `<text x="${PANEL.left - 6}" y="${py}" font-size="11" text-anchor="end" dominant-baseline="middle">${10 ** d >= 1 ? 10 ** d : (10 ** d).toFixed(1)}</text>`,
    );
  }
  parts.push(
    `<text x="18" y="${top + PANEL.height / 2}" font-size="12" transform="rotate(-90 18 ${top + PANEL.height / 2})" text-anchor="middle">${escapeXml(unit)}</text>`,
  );
  if (diagonal) {
    parts.push(
      `<line x1="${x(0.1)}" y1="${y(0.1)}" x2="${x(1000)}" y2="${y(1000)}" stroke="#999" stroke-dasharray="4 4"/>`,
    );
    parts.push(
      `<text x="${x(300)}" y="${y(300) - 8}" font-size="11" fill="#777" text-anchor="end">offered</text>`,
    );
  }
  for (const s of series) {
    let path = '';
    for (const point of s.points) {
      const v = value(point);
      if (!Number.isFinite(v)) {
        parts.push(
          `<text x="${x(point.offeredMBps).toFixed(1)}" y="${(top + 10).toFixed(1)}" font-size="12" fill="${s.color}" text-anchor="middle">×</text>`,
        );
        path += ' ';
        continue;
      }
      path += `${path === '' || path.endsWith(' ') ? 'M' : 'L'}${x(point.offeredMBps).toFixed(1)},${y(v).toFixed(1)}`;
    }
    parts.push(`<path d="${path.trim()}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
  }
  parts.push(
    `<rect x="${PANEL.left}" y="${top}" width="${width}" height="${PANEL.height}" fill="none" stroke="#333"/>`,
  );
  return parts.join('\n');
}

/**
 * The capacity chart as SVG: what gets through against the offered load (log-log, the dashed line is
 * "everything"), and the longest alert latency against the offered load (× where detect falls behind).
 *
 * @example
 * writeFileSync('docs/img/scaling.svg', renderChart(series, 'sluice capacity model', 'measured ...'));
 */
export function renderChart(series: readonly ChartSeries[], title: string, subtitle: string): string {
  const top1 = 80;
  const top2 = top1 + PANEL.height + 70;
  const legendTop = top2 + PANEL.height + 50;
  const height = legendTop + series.length * 20 + 10;
  const legend = series.map(
    (s, i) =>
      `<line x1="${PANEL.left}" y1="${legendTop + i * 20}" x2="${PANEL.left + 30}" y2="${legendTop + i * 20}" stroke="${s.color}" stroke-width="3"/><text x="${PANEL.left + 40}" y="${legendTop + i * 20 + 4}" font-size="12">${escapeXml(s.name)}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${WIDTH}" height="${height}" fill="white"/>`,
    `<text x="${PANEL.left}" y="28" font-size="18" font-weight="bold">${escapeXml(title)}</text>`,
    `<text x="${PANEL.left}" y="48" font-size="12" fill="#555">${escapeXml(subtitle)}</text>`,
    panel(
      top1,
      'Throughput: MB/s the slowest function keeps up with',
      'MB/s processed',
      [-1, 3],
      series,
      (p) => p.processedMBps,
      true,
    ),
    panel(
      top2,
      'Alert latency: log line to Slack, longest (× = detect falls behind)',
      'seconds',
      [-1, 3],
      series,
      (p) => p.alertLatencyS,
      false,
    ),
    `<text x="${WIDTH / 2}" y="${top2 + PANEL.height + 34}" font-size="12" text-anchor="middle">offered load, MB/s of Kafka values</text>`,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}
