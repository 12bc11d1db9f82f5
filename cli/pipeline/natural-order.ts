/** Runs of digits and runs of anything else. */
const chunks = /\d+|\D+/g;

/**
 * Compares two names as people read them: runs of digits by their value, so `batch-2.json` comes
 * before `batch-10.json` (as `ls -v` sorts). A total, locale-free order: equal values fall back to
 * plain code-unit order (`x-007` < `x-07` < `x-7`), any number of digits is compared exactly.
 *
 * @example
 * ['batch-10.json', 'batch-2.json'].sort(naturalCompare); // ['batch-2.json', 'batch-10.json']
 */
export function naturalCompare(a: string, b: string): number {
  const left = a.match(chunks) ?? [];
  const right = b.match(chunks) ?? [];
  for (let i = 0; i < Math.min(left.length, right.length); i += 1) {
    const x = left[i] as string;
    const y = right[i] as string;
    const order = isDigits(x) && isDigits(y) ? compareDigits(x, y) : plainCompare(x, y);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

const isDigits = (text: string): boolean => text.charCodeAt(0) >= 48 && text.charCodeAt(0) <= 57;
const plainCompare = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

function compareDigits(x: string, y: string): number {
  const a = x.replace(/^0+/, '');
  const b = y.replace(/^0+/, '');
  return a.length !== b.length ? a.length - b.length : plainCompare(a, b) || plainCompare(x, y);
}
