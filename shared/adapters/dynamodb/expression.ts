import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item } from './attributes';

/**
 * Placeholders for one request's expressions: every attribute name and value goes through one, with
 * short generated names (`#a`, `:b`), so expressions stay far below DynamoDB's 4 KB and any group or
 * topic name is safe in them.
 *
 * @example
 * const expr = new Placeholders();
 * const update = `ADD ${expr.name('c:0123456789abcdef')} ${expr.value(put.n(3))}`;
 * send({ UpdateExpression: update, ...expr.attributes() });
 */
export class Placeholders {
  readonly #names = new Map<string, string>();
  readonly #values: Item = {};
  #count = 0;

  name(attribute: string): string {
    let placeholder = this.#names.get(attribute);
    if (placeholder === undefined) {
      placeholder = `#${(this.#names.size).toString(36)}`;
      this.#names.set(attribute, placeholder);
    }
    return placeholder;
  }

  value(value: AttributeValue): string {
    const placeholder = `:${(this.#count++).toString(36)}`;
    this.#values[placeholder] = value;
    return placeholder;
  }

  /** `ExpressionAttributeNames` and `ExpressionAttributeValues` (the latter left out when empty). */
  attributes(): { ExpressionAttributeNames: Record<string, string>; ExpressionAttributeValues?: Item } {
    const names = Object.fromEntries(
      [...this.#names].map(([attribute, placeholder]) => [placeholder, attribute]),
    );
    return this.#count === 0
      ? { ExpressionAttributeNames: names }
      : { ExpressionAttributeNames: names, ExpressionAttributeValues: this.#values };
  }
}
