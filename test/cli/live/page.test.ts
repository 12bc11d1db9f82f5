import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { zeroTotals } from '../../../cli/live/recorder';
import { type LiveServer, startLiveServer } from '../../../cli/live/server';
import type { LiveState } from '../../../cli/live/types';
import { type ChromiumLaunch, launchChromium } from './support/chromium';
import { countColour, decodePng, inkShare, rgb, tintShare } from './support/png';
import { type SimulatedRun, simulatedRun } from './support/simulated-run';

const outputDir = join(__dirname, '..', '..', '..', 'test-output', 'live');
const docsShot = join(__dirname, '..', '..', '..', 'docs', 'img', 'live-page.png');
/** The first two line colours of the page's palette, and the threshold's red. */
const lineColours = ['#2563eb', '#ea580c'];
const thresholdRed = '#dc2626';

describe('live page in headless Chromium', () => {
  let launch: ChromiumLaunch;
  let run: SimulatedRun | undefined;
  let server: LiveServer | undefined;

  before(async () => {
    launch = await launchChromium((line) => process.stderr.write(`chromium: ${line}\n`));
    if (!launch.ok) return;
    // 76 s of what `sluice start` writes, ending now: quiet, then every 20 s one file's 8 s burst.
    run = await simulatedRun(80);
    await run.advance(76);
    const current = run;
    server = await startLiveServer({ state: () => current.recorder.state(current.clock()) });
  });

  after(async () => {
    if (launch?.ok) await launch.close();
    await server?.close();
    await run?.close();
  });

  test('shows the pathnames against the threshold, the alerts, what realert kept quiet and throughput, live; the screenshot is drawn', async (t) => {
    if (!launch.ok) {
      t.skip(launch.skip);
      return;
    }
    assert.ok(run && server);
    const problems: string[] = [];
    const page = await launch.context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(server.url);

    const rule = page.locator('.rule[data-rule="error-burst"]');
    await rule.locator('svg.rule-chart .series').first().waitFor();
    // Legend and chart: one line per pathname, named.
    const legend = await rule.locator('.legend li').allTextContents();
    for (const pathname of run.pathnames)
      assert.ok(legend.includes(pathname), `legend ${legend} has ${pathname}`);
    const series = await rule
      .locator('svg.rule-chart .series')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name')));
    assert.deepEqual(series.sort(), [...run.pathnames].sort());
    // The threshold: a dashed line, labelled with the rule's value, inside the plot.
    const threshold = rule.locator('svg.rule-chart line.threshold');
    assert.equal(await threshold.count(), 1);
    assert.equal(await threshold.getAttribute('stroke-dasharray'), '6 4');
    assert.equal(await rule.locator('svg.rule-chart .threshold-label').textContent(), 'threshold 25');
    assert.ok(legend.includes('threshold (25)'));
    // Axes are labelled.
    const titles = await rule.locator('svg.rule-chart .axis-title').allTextContents();
    assert.deepEqual(titles, ['window start (local time)', 'count per 10 s window']);
    // The first burst of each file fired error-burst: markers on the chart, rows in the timeline.
    assert.equal(await rule.locator('.alert-marker').count(), 2);
    const rows = await page.locator('table.alerts tbody tr.fired').allTextContents();
    for (const pathname of run.pathnames)
      assert.ok(
        rows.some((row) => row.includes('error-burst') && row.includes(pathname)),
        `an alert row for ${pathname} in ${rows}`,
      );
    // Their next bursts came within realert (5 min): marked, and said so in the timeline.
    assert.ok((await rule.locator('.suppressed-marker').count()) >= 2);
    assert.ok(legend.includes('suppressed by realert'), `legend ${legend}`);
    const quiet = await page.locator('table.alerts tbody tr.suppressed').allTextContents();
    assert.ok(
      quiet.some((row) => /error-burst.*suppressed by realert until \d\d:\d\d:\d\d/.test(row)),
      `a suppressed row in ${quiet}`,
    );
    // The current window is still filling: its points are hollow, its column shaded and labelled.
    assert.equal(await rule.locator('svg.rule-chart circle.partial').count(), run.pathnames.length);
    assert.equal(await rule.locator('svg.rule-chart .partial-label').textContent(), 'still filling');
    // Only what goes above the threshold is tinted, per line: not the whole band above it.
    const tinted = await rule
      .locator('svg.rule-chart .over-threshold')
      .evaluateAll((nodes) =>
        nodes.map((node) => [node.getAttribute('data-name'), node.getAttribute('clip-path')]),
      );
    assert.deepEqual(tinted.map(([name]) => name).sort(), [...run.pathnames].sort());
    for (const [, clip] of tinted) assert.match(clip ?? '', /^url\(#over-threshold-\d+\)$/);
    assert.equal(await page.locator('svg.throughput-chart .series').count(), 4);
    // The rolling rate reads the steady 200 records a second the service writes.
    const rate = Number(
      (await page.locator('.tile:has(.label:text-is("records/s")) .value').textContent())?.replace(',', ''),
    );
    assert.ok(rate >= 180 && rate <= 220, `records/s tile shows ${rate}`);

    // Live: more records show up on the page without a reload.
    const before = run.totals().accepted;
    await run.advance(4);
    const after = run.totals().accepted;
    assert.ok(after > before);
    const shown = new Intl.NumberFormat('en-US').format(after);
    await page
      .locator(`.tile:has(.label:text-is("accepted")) .value:text-is("${shown}")`)
      .waitFor({ timeout: 10_000 });

    mkdirSync(outputDir, { recursive: true });
    const pageShot = join(outputDir, 'live-page.png');
    await page.screenshot({ path: pageShot, fullPage: true });
    // The picture of the README and docs/local.md is this one: SLUICE_DOCS_SCREENSHOT=1 writes it there.
    if (process.env.SLUICE_DOCS_SCREENSHOT === '1') copyFileSync(pageShot, docsShot);
    const chartShot = join(outputDir, 'error-burst-chart.png');
    await rule.locator('svg.rule-chart').screenshot({ path: chartShot });

    // The chart is drawn: plenty of ink, each pathname's colour and the threshold's red in pixels.
    const chart = decodePng(readFileSync(chartShot));
    assert.ok(chart.width > 400 && chart.height > 100, `chart is ${chart.width}x${chart.height}`);
    assert.ok(inkShare(chart) > 0.02, `ink share ${inkShare(chart)}`);
    for (const colour of lineColours)
      assert.ok(
        countColour(chart, rgb(colour)) > 200,
        `${colour}: ${countColour(chart, rgb(colour))} pixels`,
      );
    assert.ok(countColour(chart, rgb(thresholdRed)) > 100, 'threshold and markers in red');
    // The area under the peaks, not the whole band above the threshold (about half the chart).
    assert.ok(tintShare(chart) > 0.01 && tintShare(chart) < 0.25, `tinted share ${tintShare(chart)}`);
    const whole = decodePng(readFileSync(pageShot));
    assert.ok(inkShare(whole) > 0.05, `page ink share ${inkShare(whole)}`);

    assert.deepEqual(problems, [], 'no errors in the browser console');
    await page.close();
  });
  test('many groups: the eight busiest are drawn, the rest are counted; an empty run says it is waiting', async (t) => {
    if (!launch.ok) {
      t.skip(launch.skip);
      return;
    }
    const starts = [0, 1, 2, 3].map((i) => Date.parse('2026-11-22T12:00:00Z') + i * 10_000);
    const groups = Array.from({ length: 12 }, (_, i) => ({
      group: `/app/file${String(i).padStart(2, '0')}.py`,
      counts: [i, i + 1, i * 3, i],
    }));
    let state: LiveState = {
      now: starts[3] ?? 0,
      startedAt: starts[0] ?? 0,
      totals: { ...zeroTotals },
      recordsPerSecond: 0,
      windows: [],
      alerts: [],
      suppressed: [],
      throughput: [],
    };
    const local = await startLiveServer({ state: () => state });
    try {
      const page = await launch.context.newPage();
      await page.goto(local.url);
      await page.locator('#rules .empty:text-is("Waiting for the first records…")').waitFor();
      state = {
        ...state,
        windows: [
          {
            rule: 'error-burst',
            groupBy: 'pathname',
            windowMs: 10_000,
            slideMs: 10_000,
            threshold: 25,
            starts,
            groups,
          },
        ],
        alerts: [
          {
            rule: 'error-burst',
            group: '/app/file11.py',
            windowStart: starts[2] ?? 0,
            count: 33,
            threshold: 25,
            firedAt: 0,
          },
          {
            rule: 'error-burst',
            group: '/app/file00.py',
            windowStart: starts[2] ?? 0,
            count: 26,
            threshold: 25,
            firedAt: 0,
          },
        ],
      };
      const rule = page.locator('.rule[data-rule="error-burst"]');
      await rule.waitFor();
      const drawn = await rule
        .locator('svg.rule-chart .series')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-name')));
      assert.deepEqual(
        drawn,
        groups.slice(4).map((g) => g.group),
      );
      assert.match((await rule.locator('.rule-meta').textContent()) ?? '', /4 quieter groups not drawn/);
      // The alert of a group not drawn gets no marker; its row is still in the timeline.
      assert.equal(await rule.locator('.alert-marker').count(), 1);
      assert.equal(await page.locator('table.alerts tbody tr').count(), 2);
      await page.close();
    } finally {
      await local.close();
    }
  });
  test('a chart under its threshold is not tinted; a window that has ended is not drawn as filling', async (t) => {
    if (!launch.ok) {
      t.skip(launch.skip);
      return;
    }
    const starts = [0, 1, 2, 3].map((i) => Date.parse('2026-11-22T12:00:00Z') + i * 10_000);
    const state: LiveState = {
      now: (starts[3] ?? 0) + 10_000,
      startedAt: starts[0] ?? 0,
      totals: { ...zeroTotals },
      recordsPerSecond: 0,
      windows: [
        {
          rule: 'error-burst',
          groupBy: 'pathname',
          windowMs: 10_000,
          slideMs: 10_000,
          threshold: 25,
          starts,
          groups: [{ group: '/app/quiet.py', counts: [3, 9, 12, 4] }],
        },
      ],
      alerts: [],
      suppressed: [],
      throughput: [],
    };
    const local = await startLiveServer({ state: () => state });
    try {
      const page = await launch.context.newPage();
      await page.goto(local.url);
      const rule = page.locator('.rule[data-rule="error-burst"]');
      await rule.locator('svg.rule-chart .series').first().waitFor();
      assert.equal(await rule.locator('svg.rule-chart .over-threshold').count(), 0);
      assert.equal(await rule.locator('svg.rule-chart .partial-window').count(), 0);
      assert.equal(await rule.locator('svg.rule-chart circle.partial').count(), 0);
      const shot = decodePng(await rule.locator('svg.rule-chart').screenshot());
      assert.ok(tintShare(shot) < 0.002, `tinted share ${tintShare(shot)}`);
      await page.close();
    } finally {
      await local.close();
    }
  });
});
