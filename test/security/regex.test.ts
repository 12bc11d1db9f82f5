// Regexes in rules cannot hang a function: the shapes that backtrack exponentially are refused when
// the rules are read, and what is accepted is bounded by V8's linear-time fallback, however long and
// hostile the line (polynomial patterns such as `.*error.*timeout.*` included, which took seconds per
// line before). Runs that could hang go to a child process with a watchdog, so a regression fails the
// test instead of stalling the run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { compileRuleRegex, linearTimeProblem, spellOutCase } from '../../shared/rules/linear-regex';
import { parseRules } from '../../shared/rules/parse';

const root = join(__dirname, '..', '..');
const rulesWith = (pattern: string) =>
  `rules:\n  - name: r\n    where: { message: { matches: ${JSON.stringify(pattern)} } }\n    groupBy: pathname\n    window: 10s\n    threshold: 1\n`;
const problemOf = (pattern: string): string | undefined => {
  const parsed = parseRules(rulesWith(pattern), 'rules.yml');
  return parsed.ok ? undefined : parsed.problems.map((p) => p.message).join('; ');
};

describe('catastrophic regexes are refused when the rules are read', () => {
  const refused = [
    '(a+)+$',
    '([a-zA-Z]+)*$',
    '(a|aa)+$',
    '(a|a?)+$',
    '(.*a){12}',
    '^(\\w+\\s?)*$',
    '(x+x+)+y',
    '^([a-zA-Z0-9])(([\\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$',
    '(\\w+)\\s\\1', // backreference: no linear-time fallback for it
    '^(?=.*error).*timeout', // lookahead: likewise
    '(?<=user=)\\w+.*failed',
    'x{100}.*y', // counted past what the linear-time engine takes
    '/\\p{L}+.*x/u',
  ];
  for (const pattern of refused) {
    test(pattern, () => {
      const problem = problemOf(pattern);
      assert.ok(problem, `${pattern} must be refused`);
      assert.match(problem, /refused/);
      assert.ok(!problem.includes('\n'), 'one line');
    });
  }

  test('ordinary patterns are accepted, with i, m and s', () => {
    for (const pattern of [
      'timed out after \\d+ ms',
      '/^5\\d\\d$/',
      '/error.*timeout/i',
      '.*error.*timeout.*',
      '/^GET .*$/m',
      '/begin.*end/s',
      '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}',
      '(GET|POST|PUT) /api/(orders|users)/\\w+',
    ]) {
      assert.equal(problemOf(pattern), undefined, pattern);
    }
  });
});

/** Runs `code` in a fresh node (with tsx) and gives it `seconds`; resolves to its stdout or throws on a hang. */
function watched(code: string, seconds: number): string {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: root,
    encoding: 'utf8',
    timeout: seconds * 1000,
  });
  if (result.error || result.signal) throw new Error(`did not finish within ${seconds} s (a regex hung)`);
  assert.equal(result.status, 0, result.stderr);
  return result.stdout;
}

describe('an accepted regex stays bounded on long hostile lines', () => {
  test('polynomial patterns on 4,096-character lines, through a rule', () => {
    // Before the fallback: ".*error.*timeout.*" took about 2 s per line, ".*.*x" 12 s, ".*.*.*x" hours.
    const out = watched(
      `
      const { parseRules } = require('./shared/rules/parse');
      const cases = [
        ['.*error.*timeout.*', 'error '.repeat(700)],
        ['/.*ERROR.*TIMEOUT.*/i', 'error '.repeat(700)],
        ['.*.*x', 'a'.repeat(5000)],
        ['.*.*.*.*x', 'a'.repeat(5000)],
        ['a*a*a*a*a*a*b', 'a'.repeat(5000)],
        ['\\\\s*\\\\S+\\\\s*=\\\\s*\\\\S+\\\\s*;', 'a= '.repeat(2000)],
      ];
      let matched = 0;
      for (const [pattern, line] of cases) {
        const yaml = 'rules:\\n  - name: r\\n    where: { message: { matches: ' + JSON.stringify(pattern) + ' } }\\n    groupBy: pathname\\n    window: 10s\\n    threshold: 1\\n';
        const parsed = parseRules(yaml, 'rules.yml');
        if (!parsed.ok) throw new Error(pattern + ': ' + parsed.problems[0].message);
        const rule = parsed.ruleSet.rules[0];
        for (let i = 0; i < 20; i += 1) if (rule.matches({ message: line, kafka: {}, attrs: {} })) matched += 1;
      }
      process.stdout.write(String(matched));
      `,
      60,
    );
    assert.equal(out, '0', 'no line matched (each was built to fail slowly)');
  });

  test('a batch of 200 hostile lines through detect with a natural rule', () => {
    const out = watched(
      `
      const { detectBatch } = require('./functions/detect/detect-batch');
      const { DEFAULT_DETECT_SETTINGS } = require('./functions/detect/types');
      const { MemoryDetectStore } = require('./shared/adapters/dynamodb/memory-store');
      const { readBatch } = require('./shared/batch/read-batch');
      const { parseRules } = require('./shared/rules/parse');
      const parsed = parseRules('rules:\\n  - name: slow\\n    where: { message: { matches: ".*error.*timeout.*" } }\\n    groupBy: pathname\\n    window: 10s\\n    threshold: 0\\n', 'rules.yml');
      const line = JSON.stringify({ level: 'error', message: 'error '.repeat(700), pathname: '/a.py' });
      const records = Array.from({ length: 200 }, (_, offset) => ({ topic: 'logs', partition: 0, offset, timestamp: Date.UTC(2026, 0, 1), key: null, value: Buffer.from(line).toString('base64'), headers: [] }));
      const read = readBatch({ eventSource: 'aws:kafka', records }, { maxRecordBytes: 1048576, maxClockSkewMs: 900000 });
      const slack = { kind: 'terminal', post: async () => ({ ok: true }) };
      detectBatch(read, { ruleSet: parsed.ruleSet, store: new MemoryDetectStore(), slack, links: () => ({}), settings: DEFAULT_DETECT_SETTINGS }, () => Date.UTC(2026, 0, 1))
        .then((report) => process.stdout.write(String(report.windowWrites)));
      `,
      60,
    );
    assert.equal(out, '0', 'nothing matched, nothing written');
  });
});

describe('the i flag, spelled out for the linear-time engine, means what it meant', () => {
  const pattern = fc
    .array(
      fc.oneof(
        fc.constantFrom('a', 'B', 'z', 'é', 'Ω', 'ſ', 'K', 'k', 'ß', '1', ' ', '-', '.', '_'),
        fc.constantFrom(
          '[a-c]',
          '[^x-z]',
          '[A-Z0-9]',
          '[é]',
          '[]',
          '[^]',
          '\\w',
          '\\W',
          '\\d',
          '\\b',
          '\\x41',
          '\\u00e9',
        ),
        fc.constantFrom('*', '+', '?', '{1,2}', '|', '(', ')', '(?:', '(?<n>', '^', '$'),
      ),
      { maxLength: 10 },
    )
    .map((parts) => parts.join(''))
    .filter((source) => {
      try {
        new RegExp(source, 'i');
        return true;
      } catch {
        return false;
      }
    });
  const text = fc.string({
    unit: fc.constantFrom(
      'a',
      'A',
      'b',
      'B',
      'z',
      'Z',
      'é',
      'É',
      'ω',
      'Ω',
      's',
      'S',
      'ſ',
      'k',
      'K',
      'K',
      'ß',
      'x',
      '1',
      ' ',
      '-',
      '_',
    ),
    maxLength: 12,
  });

  test('same answer as /…/i on random patterns and lines', () => {
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 5 }), (source, lines) => {
        const expected = new RegExp(source, 'i');
        const ours = compileRuleRegex(source, 'i');
        for (const line of lines)
          assert.equal(
            ours.test(line),
            expected.test(line),
            `/${source}/i on ${JSON.stringify(line)} (${spellOutCase(source)})`,
          );
      }),
      { numRuns: 2000 },
    );
  });

  test('spelled out, it runs on the linear-time engine', () => {
    assert.equal(linearTimeProblem('error.*time(out|d out)', 'i'), undefined);
    assert.equal(spellOutCase('a[b-d]\\w'), '[aA][b-dB-D]\\w');
  });
});
