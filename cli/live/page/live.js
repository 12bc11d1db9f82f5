// The live page of `sluice start`: polls /api/state once a second and draws it as SVG.
// Plain browser JavaScript with no dependencies, so the page works offline and needs no build step.
'use strict';

(() => {
  const svgNs = 'http://www.w3.org/2000/svg';
  const pollMs = 1000;
  /** Line colours, assigned to groups in the order they first appear so a group keeps its colour. */
  const palette = ['#2563eb', '#ea580c', '#0d9488', '#9333ea', '#ca8a04', '#db2777', '#4b5563', '#65a30d'];
  const colours = new Map();
  const colourOf = (group) => {
    if (!colours.has(group)) colours.set(group, palette[colours.size % palette.length]);
    return colours.get(group);
  };
  const numbers = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
  const muted = '#6b7280';
  /** Ids of the clip paths, unique on the page. */
  let clips = 0;

  /** An HTML element with attributes and children (strings become text, never HTML). */
  function html(name, attributes, ...children) {
    const node = document.createElement(name);
    for (const [key, value] of Object.entries(attributes ?? {})) node.setAttribute(key, String(value));
    for (const child of children) node.append(child);
    return node;
  }

  /** An SVG element with attributes and children. */
  function svg(name, attributes, ...children) {
    const node = document.createElementNS(svgNs, name);
    for (const [key, value] of Object.entries(attributes ?? {})) node.setAttribute(key, String(value));
    for (const child of children) node.append(child);
    return node;
  }

  const pad = (n) => String(n).padStart(2, '0');
  const clock = (ms) => {
    const d = new Date(ms);
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  };
  const duration = (ms) => {
    if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
    if (ms % 60_000 === 0) return `${ms / 60_000} min`;
    return `${ms / 1000} s`;
  };
  const elapsed = (ms) => {
    const s = Math.max(0, Math.floor(ms / 1000));
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${pad(s % 60)}s`;
  };

  /** Round tick values from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten. */
  function ticks(max, wanted) {
    const top = Math.max(max, 5);
    const rough = top / wanted;
    const power = 10 ** Math.floor(Math.log10(rough));
    const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
    const values = [];
    for (let v = 0; v < top + step; v += step) values.push(v);
    return values;
  }

  /**
   * A line chart: x values (epoch ms) shared by every series, a y axis from 0, an optional dashed
   * threshold line with the parts of each line above it tinted, markers, and optionally a last point
   * still filling (`partial`: drawn hollow, its segment dashed, its column shaded). Returns the SVG.
   */
  function lineChart(spec) {
    const width = Math.round(spec.width ?? 900);
    const height = spec.height ?? 300;
    const margin = { top: 16, right: spec.threshold === undefined ? 24 : 96, bottom: 40, left: 58 };
    const plotW = width - margin.left - margin.right;
    const plotH = height - margin.top - margin.bottom;
    const xs = spec.xs;
    const x0 = xs[0];
    const x1 = xs.length > 1 ? xs[xs.length - 1] : x0 + 1;
    const peak = Math.max(0, ...spec.series.flatMap((s) => s.values), spec.threshold ?? 0);
    const yTicks = ticks(Math.max(peak * 1.08, (spec.threshold ?? 0) * 1.15), 5);
    const yMax = yTicks[yTicks.length - 1];
    const x = (v) => margin.left + ((v - x0) / (x1 - x0)) * plotW;
    const y = (v) => margin.top + plotH - (v / yMax) * plotH;

    const chart = svg('svg', {
      class: `chart ${spec.className ?? ''}`,
      viewBox: `0 0 ${width} ${height}`,
      role: 'img',
      'aria-label': spec.label,
    });
    const grid = svg('g', { class: 'grid' });
    for (const value of yTicks) {
      grid.append(
        svg('line', {
          x1: margin.left,
          x2: margin.left + plotW,
          y1: y(value),
          y2: y(value),
          stroke: value === 0 ? '#9ca3af' : '#eef0f3',
        }),
        svg('text', { x: margin.left - 8, y: y(value) + 4, 'text-anchor': 'end' }, numbers.format(value)),
      );
    }
    // A time label every `stride` points, counted back from the newest, about 90 px apart at least.
    const labels = Math.max(2, Math.min(7, Math.floor(plotW / 90)));
    const stride = Math.max(1, Math.ceil((xs.length - 1) / (labels - 1)));
    for (let index = xs.length - 1; index >= 0; index -= stride) {
      const value = xs[index];
      grid.append(
        svg('line', {
          x1: x(value),
          x2: x(value),
          y1: margin.top + plotH,
          y2: margin.top + plotH + 5,
          stroke: '#9ca3af',
        }),
        svg('text', { x: x(value), y: margin.top + plotH + 18, 'text-anchor': 'middle' }, clock(value)),
      );
    }
    grid.append(
      svg(
        'text',
        { class: 'axis-title', x: margin.left + plotW / 2, y: height - 4, 'text-anchor': 'middle' },
        spec.xTitle,
      ),
      svg(
        'text',
        {
          class: 'axis-title',
          transform: `translate(14 ${margin.top + plotH / 2}) rotate(-90)`,
          'text-anchor': 'middle',
        },
        spec.yTitle,
      ),
    );
    chart.append(grid);

    const last = xs.length - 1;
    if (spec.partial && xs.length > 1) {
      const left = x((xs[last - 1] + xs[last]) / 2);
      chart.append(
        svg(
          'g',
          { class: 'partial-window' },
          svg('rect', {
            x: left,
            y: margin.top,
            width: margin.left + plotW - left,
            height: plotH,
            fill: 'rgba(107, 114, 128, 0.08)',
          }),
          svg(
            'text',
            { class: 'partial-label', x: margin.left + plotW - 4, y: margin.top + 12, 'text-anchor': 'end' },
            'still filling',
          ),
          svg('title', {}, 'The current window: its count grows until it ends.'),
        ),
      );
    }

    if (spec.threshold !== undefined) {
      const ty = y(spec.threshold);
      // Only where a line goes above the threshold: the area between it and the threshold, tinted.
      clips += 1;
      const clipId = `over-threshold-${clips}`;
      chart.append(
        svg(
          'clipPath',
          { id: clipId },
          svg('rect', { x: margin.left, y: margin.top, width: plotW, height: Math.max(0, ty - margin.top) }),
        ),
      );
      for (const series of spec.series) {
        if (!series.values.some((v) => v > spec.threshold)) continue;
        const line = series.values.map((v, i) => `${x(xs[i]).toFixed(1)},${y(v).toFixed(1)}`);
        const base = `${x(xs[last]).toFixed(1)},${ty.toFixed(1)} ${x(xs[0]).toFixed(1)},${ty.toFixed(1)}`;
        chart.append(
          svg('polygon', {
            class: 'over-threshold',
            'data-name': series.name,
            points: `${line.join(' ')} ${base}`,
            fill: 'rgba(220, 38, 38, 0.14)',
            'clip-path': `url(#${clipId})`,
          }),
        );
      }
      chart.append(
        svg('line', {
          class: 'threshold',
          x1: margin.left,
          x2: margin.left + plotW,
          y1: ty,
          y2: ty,
          stroke: '#dc2626',
          'stroke-width': 1.5,
          'stroke-dasharray': '6 4',
        }),
        svg(
          'text',
          { class: 'threshold-label', x: margin.left + plotW + 6, y: ty + 4 },
          `threshold ${numbers.format(spec.threshold)}`,
        ),
      );
    }

    for (const series of spec.series) {
      const settled = spec.partial ? series.values.length - 1 : series.values.length;
      const point = (v, i) => `${x(xs[i]).toFixed(1)},${y(v).toFixed(1)}`;
      const group = svg('g', { class: 'series', 'data-name': series.name });
      const stroke = {
        fill: 'none',
        stroke: series.colour,
        'stroke-width': 2,
        'stroke-linejoin': 'round',
        ...(series.dashed ? { 'stroke-dasharray': '3 3' } : {}),
      };
      group.append(
        svg('polyline', { points: series.values.slice(0, settled).map(point).join(' '), ...stroke }),
      );
      if (settled < series.values.length && settled > 0) {
        const tail = series.values.slice(settled - 1).map((v, i) => point(v, settled - 1 + i));
        group.append(
          svg('polyline', { class: 'partial', points: tail.join(' '), ...stroke, 'stroke-dasharray': '4 4' }),
        );
      }
      if (series.dots !== false) {
        series.values.forEach((v, i) => {
          const filling = i >= settled;
          group.append(
            svg(
              'circle',
              {
                cx: x(xs[i]),
                cy: y(v),
                r: filling ? 3.5 : 2.5,
                fill: filling ? '#ffffff' : series.colour,
                stroke: series.colour,
                'stroke-width': filling ? 2 : 0,
                ...(filling ? { class: 'partial' } : {}),
              },
              svg(
                'title',
                {},
                `${series.name}: ${numbers.format(v)} at ${clock(xs[i])}${filling ? ' (window still filling)' : ''}`,
              ),
            ),
          );
        });
      }
      chart.append(group);
    }

    for (const marker of spec.markers ?? []) {
      if (marker.x < x0 || marker.x > x1) continue;
      const colour = marker.suppressed ? muted : '#dc2626';
      chart.append(
        svg(
          'g',
          { class: marker.suppressed ? 'suppressed-marker' : 'alert-marker' },
          svg('circle', {
            cx: x(marker.x),
            cy: y(marker.y),
            r: 7,
            fill: 'none',
            stroke: colour,
            'stroke-width': 2,
            ...(marker.suppressed ? { 'stroke-dasharray': '3 2' } : {}),
          }),
          ...(marker.suppressed
            ? []
            : [svg('path', { d: `M ${x(marker.x) - 5} ${margin.top} l 5 8 l 5 -8 z`, fill: colour })]),
          svg('title', {}, marker.title),
        ),
      );
    }
    return chart;
  }

  function legend(items) {
    return html(
      'ul',
      { class: 'legend' },
      ...items.map((item) => {
        const swatch = html('span', { class: `swatch ${item.kind ?? ''}` });
        // Through the CSSOM: the page's Content-Security-Policy refuses style attributes.
        if (item.colour) swatch.style.background = item.colour;
        return html('li', { 'data-name': item.name }, swatch, item.name);
      }),
    );
  }

  function renderTiles(state) {
    const t = state.totals;
    const tile = (label, value, warn) =>
      html(
        'div',
        { class: `tile${warn ? ' warn' : ''}` },
        html('div', { class: 'label' }, label),
        html('div', { class: 'value' }, value),
      );
    document
      .getElementById('tiles')
      .replaceChildren(
        tile('running', elapsed(state.now - state.startedAt)),
        tile('records/s', numbers.format(state.recordsPerSecond)),
        tile('written', numbers.format(t.produced)),
        tile('accepted', numbers.format(t.accepted)),
        tile('dead-lettered', numbers.format(t.deadLettered), t.deadLettered > 0),
        tile('skipped', numbers.format(t.skipped)),
        tile('indexed', t.indexed === null ? 'off' : numbers.format(t.indexed)),
        tile('archived', numbers.format(t.archived)),
        tile('alerts', numbers.format(t.alerts), t.alerts > 0),
        tile('lag', numbers.format(t.lag)),
      );
  }

  /** The groups with the highest peaks (at most as many as there are colours), in name order. */
  function busiest(groups) {
    if (groups.length <= palette.length) return groups;
    const peak = (g) => Math.max(...g.counts);
    const top = new Set([...groups].sort((a, b) => peak(b) - peak(a)).slice(0, palette.length));
    return groups.filter((g) => top.has(g));
  }

  function renderRules(state) {
    const target = document.getElementById('rules');
    if (state.windows.length === 0) {
      target.replaceChildren(html('p', { class: 'empty' }, 'Waiting for the first records…'));
      return;
    }
    // Drawn at the container's own pixel width, so text keeps its size whatever the window's width.
    const width = Math.max(320, target.clientWidth);
    const sections = state.windows.map((rule, position) => {
      const groups = busiest(rule.groups).map((g) => ({ ...g, colour: colourOf(g.group) }));
      const hidden = rule.groups.length - groups.length;
      const alerts = state.alerts.filter((a) => a.rule === rule.rule);
      const quiet = (state.suppressed ?? []).filter((q) => q.rule === rule.rule);
      const markerAt = (windowStart, group) => {
        const index = rule.starts.indexOf(windowStart);
        const line = groups.find((g) => g.group === group);
        return index < 0 || !line ? undefined : line.counts[index];
      };
      const quietMarkers = quiet.flatMap((q) => {
        const y = markerAt(q.windowStart, q.group);
        if (y === undefined) return [];
        return [
          {
            x: q.windowStart,
            y,
            suppressed: true,
            title: `${q.group}: ${q.count} > ${rule.threshold} in the window from ${clock(q.windowStart)}, suppressed by realert until ${clock(q.until)}`,
          },
        ];
      });
      const markers = alerts.flatMap((a) => {
        const index = rule.starts.indexOf(a.windowStart);
        if (index < 0) return [];
        // Only on a line that is drawn.
        const line = groups.find((g) => g.group === a.group);
        if (!line) return [];
        return [
          {
            x: a.windowStart,
            y: line.counts[index],
            title: `${rule.rule} fired for ${a.group}: ${a.count} > ${rule.threshold} in the window from ${clock(a.windowStart)}`,
          },
        ];
      });
      const hopping = rule.slideMs !== rule.windowMs ? `, every ${duration(rule.slideMs)}` : '';
      return html(
        'div',
        { class: 'rule', 'data-rule': rule.rule },
        html('h3', {}, `${rule.rule}: count per ${rule.groupBy}`),
        html(
          'p',
          { class: 'rule-meta' },
          `${duration(rule.windowMs)} windows${hopping} · fires when a count is above ${numbers.format(rule.threshold)} · ` +
            `${alerts.length} alert${alerts.length === 1 ? '' : 's'} in this run` +
            (hidden > 0
              ? ` · ${hidden} quieter group${hidden === 1 ? '' : 's'} not drawn (see sluice state)`
              : ''),
        ),
        legend([
          ...groups.map((g) => ({ name: g.group, colour: g.colour })),
          { name: `threshold (${numbers.format(rule.threshold)})`, kind: 'dashed' },
          ...(markers.length > 0 ? [{ name: 'alert fired', kind: 'ring' }] : []),
          ...(quietMarkers.length > 0 ? [{ name: 'suppressed by realert', kind: 'ring muted' }] : []),
        ]),
        lineChart({
          label: `${rule.rule}: count per ${rule.groupBy} in each ${duration(rule.windowMs)} window, threshold ${rule.threshold}`,
          className: 'rule-chart',
          width,
          xs: rule.starts,
          series: groups.map((g) => ({ name: g.group, colour: g.colour, values: g.counts })),
          threshold: rule.threshold,
          markers: [...markers, ...quietMarkers],
          partial: state.now < rule.starts[rule.starts.length - 1] + rule.windowMs,
          xTitle: 'window start (local time)',
          yTitle: `count per ${duration(rule.windowMs)} window`,
          // The first rule (error-burst by default) gets the big chart.
          height: position === 0 ? 300 : 220,
        }),
      );
    });
    target.replaceChildren(...sections);
  }

  /** Text with a line-break opportunity after each `/`, so a long path wraps between its parts. */
  const breakable = (text) =>
    text
      .split('/')
      .flatMap((part, i, parts) => (i < parts.length - 1 ? [`${part}/`, html('wbr', {})] : [part]));

  /** The alert timeline: alerts fired and windows realert kept quiet, newest window first. */
  function renderAlerts(state) {
    const target = document.getElementById('alerts');
    const suppressed = state.suppressed ?? [];
    if (state.alerts.length === 0 && suppressed.length === 0) {
      target.replaceChildren(html('p', { class: 'empty' }, 'No alert has fired yet.'));
      return;
    }
    const windowOf = new Map(state.windows.map((w) => [w.rule, w.windowMs]));
    const entries = [
      ...state.alerts.map((a) => ({ ...a, outcome: `alert, fired ${clock(a.firedAt)}`, quiet: false })),
      ...suppressed.map((q) => ({
        ...q,
        outcome: `suppressed by realert until ${clock(q.until)}`,
        quiet: true,
      })),
    ].sort((a, b) => b.windowStart - a.windowStart || Number(a.quiet) - Number(b.quiet));
    const newest = entries.slice(0, 12);
    const rows = newest.map((a) => {
      const size = windowOf.get(a.rule);
      return html(
        'tr',
        { class: a.quiet ? 'suppressed' : 'fired' },
        html(
          'td',
          {},
          size ? `${clock(a.windowStart)}–${clock(a.windowStart + size)}` : clock(a.windowStart),
        ),
        html('td', {}, a.rule),
        html('td', { class: 'group' }, ...breakable(a.group)),
        html(
          'td',
          {},
          html('span', { class: a.quiet ? 'quiet' : 'over' }, numbers.format(a.count)),
          a.threshold === undefined || a.threshold === null ? '' : ` > ${numbers.format(a.threshold)}`,
        ),
        html('td', { class: 'outcome' }, a.outcome),
      );
    });
    const more = entries.length - newest.length;
    target.replaceChildren(
      html(
        'table',
        { class: 'alerts' },
        html(
          'thead',
          {},
          html(
            'tr',
            {},
            ...['window', 'rule', 'group', 'count', 'what happened'].map((h) =>
              html('th', { scope: 'col' }, h),
            ),
          ),
        ),
        html('tbody', {}, ...rows),
      ),
      ...(more > 0 ? [html('p', { class: 'note' }, `and ${more} earlier (see sluice state)`)] : []),
    );
  }

  function renderThroughput(state) {
    const target = document.getElementById('throughput');
    const points = state.throughput;
    if (points.length < 2) {
      target.replaceChildren(html('p', { class: 'empty' }, 'Measuring…'));
      return;
    }
    const lines = [
      { name: 'written', key: 'produced', colour: '#9ca3af', dashed: true },
      { name: 'accepted', key: 'accepted', colour: '#16a34a' },
      { name: 'dead-lettered', key: 'deadLettered', colour: '#dc2626' },
      { name: 'skipped', key: 'skipped', colour: '#ca8a04' },
    ];
    target.replaceChildren(
      legend(lines.map((l) => ({ name: l.name, colour: l.colour }))),
      lineChart({
        label: 'records per second: written, accepted, dead-lettered, skipped',
        className: 'throughput-chart',
        xs: points.map((p) => p.t),
        series: lines.map((l) => ({
          name: l.name,
          colour: l.colour,
          dashed: l.dashed,
          dots: false,
          values: points.map((p) => p[l.key]),
        })),
        xTitle: 'time (local)',
        yTitle: 'records / s',
        width: Math.max(280, target.clientWidth),
        height: 240,
      }),
    );
  }

  function setStatus(text, kind) {
    const status = document.getElementById('status');
    status.textContent = text;
    status.className = `status status-${kind}`;
  }

  async function poll() {
    try {
      const response = await fetch('/api/state', { cache: 'no-store' });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const state = await response.json();
      renderTiles(state);
      renderRules(state);
      renderAlerts(state);
      renderThroughput(state);
      setStatus(`live · updated ${clock(state.now)}`, 'live');
      document.body.dataset.updates = String(Number(document.body.dataset.updates ?? 0) + 1);
    } catch {
      setStatus('disconnected: the run has ended or sluice start stopped', 'down');
    } finally {
      setTimeout(poll, pollMs);
    }
  }

  poll();
})();
