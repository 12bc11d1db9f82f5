/**
 * `count` and the noun, singular for one: `1 record`, `2 records`, `1 match`, `3 matches`.
 *
 * @example
 * plural(1, 'record'); // '1 record'
 * plural(2, 'match', 'matches'); // '2 matches'
 */
export const plural = (count: number, noun: string, nouns = `${noun}s`): string =>
  `${count} ${count === 1 ? noun : nouns}`;
