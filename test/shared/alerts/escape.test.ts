import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { escapeSlack, truncateEscaped } from '../../../shared/alerts/escape';
import { codeSpan } from '../../../shared/alerts/text';
import { assertEscaped } from './slack-invariants';

describe('escapeSlack', () => {
  const cases: Array<[string, string]> = [
    ['plain text', 'plain text'],
    ['<!channel>', '&lt;!channel&gt;'],
    ['<!here|here>', '&lt;!here|here&gt;'],
    ['<!everyone>', '&lt;!everyone&gt;'],
    ['<@U123ABC>', '&lt;@U123ABC&gt;'],
    ['<#C0123|general>', '&lt;#C0123|general&gt;'],
    ['<!subteam^S123|@team>', '&lt;!subteam^S123|@team&gt;'],
    ['<https://x|y>', '&lt;https://x|y&gt;'],
    ['<!date^1392734382^{date}|x>', '&lt;!date^1392734382^{date}|x&gt;'],
    ['a & b', 'a &amp; b'],
    ['already &lt;escaped&gt;', 'already &amp;lt;escaped&amp;gt;'],
    ['&amp;', '&amp;amp;'],
    ['@channel please', '@\u2060channel please'],
    ['hey @HERE and @everyone', 'hey @\u2060HERE and @\u2060everyone'],
    ['mail me at ops@channels.example', 'mail me at ops@channels.example'],
    ['x > 1 && y < 2', 'x &gt; 1 &amp;&amp; y &lt; 2'],
    ['/app/\u202egpj.exe', '/app/[U+202E]gpj.exe'],
    ['a\u2066b\u2069c\u200fd\u061ce', 'a[U+2066]b[U+2069]c[U+200F]d[U+061C]e'],
    ['', ''],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => {
      const escaped = escapeSlack(input);
      assert.equal(escaped, expected);
      assertEscaped(escaped, 'escaped');
    });
  }
});

describe('truncateEscaped', () => {
  const cases: Array<[string, number, string]> = [
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['abcdefghijk', 10, 'abcdefghi…'],
    // The cut would fall inside `&amp;`: it moves before the entity instead.
    ['abcdef&amp;xyz', 9, 'abcdef…'],
    ['abcde&lt;xyz', 8, 'abcde…'],
    ['abcdefgh&gt;xyz', 12, 'abcdefgh…'],
    ['abcdefgh&gt;xyz', 13, 'abcdefgh&gt;…'],
    ['abc&amp;&amp;&amp;', 10, 'abc&amp;…'],
    // A surrogate pair (emoji) is never split.
    ['abcdefgh😀xyz', 10, 'abcdefgh…'],
    ['anything', 0, ''],
  ];
  for (const [input, max, expected] of cases) {
    test(`${JSON.stringify(input)} to ${max}`, () => {
      const out = truncateEscaped(input, max);
      assert.equal(out, expected);
      assert.ok(out.length <= max);
    });
  }

  test('never splits an entity at any cut point', () => {
    const escaped = escapeSlack('<&>'.repeat(40) + 'x<y>&z'.repeat(40));
    for (let max = 1; max <= escaped.length + 1; max += 1) {
      const out = truncateEscaped(escaped, max);
      assert.ok(out.length <= max, `length at ${max}`);
      assertEscaped(out, `cut at ${max}`);
    }
  });
});

describe('codeSpan', () => {
  test('a line break inside a group cannot end the span: it is shown as ⏎', () => {
    for (const group of ['/app/a\nb.py', '/app/a\r\nb.py', '/app/a\rb.py', '/app/a\u2028b.py']) {
      const span = codeSpan(group);
      assert.equal(span, '`/app/a⏎b.py`', JSON.stringify(group));
      assert.ok(!/[\r\n\u2028\u2029]/.test(span));
    }
  });

  test('a right-to-left override inside a span is shown, not applied', () => {
    assert.equal(codeSpan('x\u202Eyz'), '`x[U+202E]yz`');
  });
});
