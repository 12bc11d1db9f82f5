// Slack's documented limits for the messages sluice posts, checked on the payload as sent (JSON). An
// oracle kept apart from shared/alerts/limits.ts on purpose: a wrong number there must fail here.
// Shared by the Slack double (which answers `invalid_blocks` like Slack) and the formatter tests.
//
// Sources (Slack's reference pages):
//   https://docs.slack.dev/reference/block-kit/blocks                          up to 50 blocks per message
//   https://docs.slack.dev/reference/block-kit/blocks/section-block            text 1..3,000; fields <= 10, each <= 2,000
//   https://docs.slack.dev/reference/block-kit/blocks/header-block             plain_text, <= 150
//   https://docs.slack.dev/reference/block-kit/blocks/context-block            elements <= 10
//   https://docs.slack.dev/reference/block-kit/blocks/actions-block            elements <= 25
//   https://docs.slack.dev/reference/block-kit/block-elements/button-element   text plain_text <= 75; url <= 3,000; value <= 2,000; action_id <= 255
//   https://docs.slack.dev/reference/block-kit/composition-objects/text-object text 1..3,000; type plain_text or mrkdwn
//   every block page                                                            block_id <= 255
//   https://api.slack.com/changelog/2018-04-truncating-really-long-messages    top-level text over 40,000 is truncated
/** The documented limits (lengths in characters; sluice counts UTF-16 code units, never fewer). */
export const BlockKitLimits = {
  blocks: 50,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3000,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  messageText: 40_000,
} as const;

type Obj = Record<string, unknown>;
const isObj = (value: unknown): value is Obj =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Problems of one text object: its type, and its length within 1..`max`. */
function textProblems(value: unknown, at: string, max: number, plainOnly = false): string[] {
  if (!isObj(value)) return [`${at}: not a text object`];
  const types = plainOnly ? ['plain_text'] : ['plain_text', 'mrkdwn'];
  const problems: string[] = [];
  if (!types.includes(String(value.type))) problems.push(`${at}.type: ${String(value.type)}`);
  if (typeof value.text !== 'string') return [...problems, `${at}.text: not a string`];
  if (value.text.length === 0) problems.push(`${at}.text: empty`);
  if (value.text.length > max) problems.push(`${at}.text: ${value.text.length} > ${max}`);
  return problems;
}

const tooLong = (value: unknown, at: string, max: number): string[] =>
  typeof value === 'string' && value.length > max ? [`${at}: ${value.length} > ${max}`] : [];

const tooMany = (list: readonly unknown[], at: string, max: number): string[] =>
  list.length > max ? [`${at}: ${list.length} items > ${max}`] : [];

function buttonProblems(element: unknown, at: string): string[] {
  if (!isObj(element) || element.type !== 'button') return [`${at}: not a button`];
  return [
    ...textProblems(element.text, `${at}.text`, BlockKitLimits.buttonText, true),
    ...tooLong(element.url, `${at}.url`, BlockKitLimits.buttonUrl),
    ...tooLong(element.value, `${at}.value`, BlockKitLimits.buttonValue),
    ...tooLong(element.action_id, `${at}.action_id`, BlockKitLimits.actionId),
  ];
}

/** A list of at most `max` items (at least one unless `optional`), each checked by `check`. */
function listProblems(
  value: unknown,
  at: string,
  max: number,
  check: (item: unknown, at: string) => string[],
  optional = false,
): string[] {
  const items = Array.isArray(value) ? value : [];
  return [
    ...(items.length === 0 && !optional ? [`${at}: empty`] : []),
    ...tooMany(items, at, max),
    ...items.flatMap((item, i) => check(item, `${at}[${i}]`)),
  ];
}

const textOf =
  (max: number) =>
  (value: unknown, at: string): string[] =>
    textProblems(value, at, max);

function blockProblems(block: unknown, at: string): string[] {
  if (!isObj(block)) return [`${at}: not an object`];
  const problems = tooLong(block.block_id, `${at}.block_id`, BlockKitLimits.blockId);
  switch (block.type) {
    case 'header':
      return [...problems, ...textProblems(block.text, `${at}.text`, BlockKitLimits.headerText, true)];
    case 'section':
      if (block.text === undefined && !Array.isArray(block.fields))
        problems.push(`${at}: neither text nor fields`);
      if (block.text !== undefined)
        problems.push(...textProblems(block.text, `${at}.text`, BlockKitLimits.sectionText));
      return [
        ...problems,
        ...listProblems(
          block.fields,
          `${at}.fields`,
          BlockKitLimits.sectionFields,
          textOf(BlockKitLimits.sectionField),
          block.text !== undefined,
        ),
      ];
    case 'context':
      return [
        ...problems,
        ...listProblems(
          block.elements,
          `${at}.elements`,
          BlockKitLimits.contextElements,
          textOf(BlockKitLimits.textObject),
        ),
      ];
    case 'actions':
      return [
        ...problems,
        ...listProblems(block.elements, `${at}.elements`, BlockKitLimits.actionsElements, buttonProblems),
      ];
    case 'divider':
      return problems;
    default:
      return [...problems, `${at}.type: ${String(block.type)} is not a block sluice builds`];
  }
}

/**
 * Every documented limit a `blocks` array breaks, one readable line each (`blocks[3].text.text: 3012
 * > 3000`); empty when it is within all of them. What Slack refuses with `invalid_blocks`.
 *
 * @example
 * assert.deepEqual(blocksViolations(formatAlert(alert).blocks), []);
 */
export function blocksViolations(blocks: unknown): string[] {
  if (!Array.isArray(blocks)) return ['blocks: not an array'];
  return [
    ...tooMany(blocks, 'blocks', BlockKitLimits.blocks),
    ...blocks.flatMap((block, i) => blockProblems(block, `blocks[${i}]`)),
  ];
}

/**
 * Every documented limit a message breaks: its blocks, and a top-level `text` that is empty or long
 * enough for Slack to truncate it.
 *
 * @example
 * assert.deepEqual(messageViolations(formatAlert(alert)), []);
 */
export function messageViolations(message: { text: string; blocks: readonly unknown[] }): string[] {
  return [
    ...(message.text.length === 0 ? ['text: empty'] : []),
    ...tooLong(message.text, 'text', BlockKitLimits.messageText),
    ...blocksViolations(message.blocks),
  ];
}
