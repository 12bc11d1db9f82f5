import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** A DynamoDB item in the low-level wire format. */
export type Item = Record<string, AttributeValue>;

/** Marshalling by hand (lib-dynamodb is not a dependency): the few shapes sluice stores. */
export const put = {
  s: (value: string): AttributeValue => ({ S: value }),
  n: (value: number): AttributeValue => ({ N: String(value) }),
  bool: (value: boolean): AttributeValue => ({ BOOL: value }),
  numbers: (values: readonly number[]): AttributeValue => ({
    L: values.map((value) => ({ N: String(value) })),
  }),
};

/** Reading attributes back; absent or differently typed attributes read as undefined. */
export const get = {
  s: (item: Item | undefined, name: string): string | undefined => item?.[name]?.S,
  n: (item: Item | undefined, name: string): number | undefined => {
    const raw = item?.[name]?.N;
    return raw === undefined ? undefined : Number(raw);
  },
  bool: (item: Item | undefined, name: string): boolean | undefined => item?.[name]?.BOOL,
  numbers: (item: Item | undefined, name: string): number[] =>
    (item?.[name]?.L ?? []).flatMap((value) => (value.N === undefined ? [] : [Number(value.N)])),
};
