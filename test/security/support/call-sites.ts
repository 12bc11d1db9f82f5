// Reads, in this repository's bundled modules, the call sites whose arguments decide an IAM resource or
// action: the OpenSearch requests (method and path), the parts of a DynamoDB transaction, the S3 key
// builders. Anything it cannot read as a literal is an error that says where, never a guess.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { root } from '../../deploy/package';

const parsed = new Map<string, ts.SourceFile>();

function sourceOf(module: string): ts.SourceFile {
  let file = parsed.get(module);
  if (file === undefined) {
    const text = readFileSync(join(root, module), 'utf8');
    file = ts.createSourceFile(module, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
    parsed.set(module, file);
  }
  return file;
}

function visitAll(modules: readonly string[], visit: (node: ts.Node, module: string) => void): void {
  for (const module of modules) {
    const walk = (node: ts.Node): void => {
      visit(node, module);
      ts.forEachChild(node, walk);
    };
    walk(sourceOf(module));
  }
}

const where = (node: ts.Node, module: string): string =>
  `${module}:${node.getSourceFile().getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

const calleeName = (call: ts.CallExpression | ts.NewExpression): string | undefined => {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return undefined;
};

function property(literal: ts.ObjectLiteralExpression, name: string): ts.Expression | undefined {
  for (const member of literal.properties) {
    if (ts.isPropertyAssignment(member) && member.name.getText() === name) return member.initializer;
  }
  return undefined;
}

/** A string literal as is; a template literal with `*` for each substitution; else undefined. */
function literalText(node: ts.Expression | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) {
    return node.head.text + node.templateSpans.map((span) => `*${span.literal.text}`).join('');
  }
  return undefined;
}

/** One HTTP request a bundled module sends to OpenSearch. */
export interface HttpRequest {
  readonly method: string;
  /** The path, `*` where the code substitutes a value (`/_index_template/*`). */
  readonly path: string;
  readonly at: string;
}

/**
 * The OpenSearch requests the modules send: every `sendRequest(client, { method, path })` (the one door
 * to the OpenSearch client's transport, shared/adapters/opensearch/client-transport.ts). A call of the
 * transport anywhere else, or a method or path that is not a literal, is an error.
 *
 * @example
 * httpRequests(['shared/adapters/opensearch/client-transport.ts']);
 * // [{ method: 'POST', path: '/_bulk', at: 'shared/adapters/opensearch/client-transport.ts:89' }]
 */
export function httpRequests(modules: readonly string[]): HttpRequest[] {
  const requests: HttpRequest[] = [];
  visitAll(modules, (node, module) => {
    if (!ts.isCallExpression(node)) return;
    const name = calleeName(node);
    if (name === 'request' && /\.transport\.request$/.test(node.expression.getText())) {
      const inside = ts.findAncestor(node, ts.isFunctionDeclaration)?.name?.text;
      if (inside !== 'sendRequest') {
        throw new Error(`${where(node, module)} calls the OpenSearch transport outside sendRequest`);
      }
      return;
    }
    if (name !== 'sendRequest') return;
    const params = node.arguments[1];
    const method =
      params && ts.isObjectLiteralExpression(params) ? literalText(property(params, 'method')) : undefined;
    const path =
      params && ts.isObjectLiteralExpression(params) ? literalText(property(params, 'path')) : undefined;
    if (method === undefined || path === undefined) {
      throw new Error(`${where(node, module)}: sendRequest with a method or path that is not a literal`);
    }
    requests.push({ method, path, at: where(node, module) });
  });
  return requests;
}

/**
 * The kinds of item each `new TransactWriteItemsCommand({ TransactItems: [...] })` in the modules writes
 * (`Put`, `Update`, `Delete`, `ConditionCheck`): IAM authorises a transaction as its parts.
 *
 * @example
 * transactionParts(['shared/adapters/dynamodb/alerts.ts']); // ['Put']
 */
export function transactionParts(modules: readonly string[]): string[] {
  const parts = new Set<string>();
  const kindsOf = (item: ts.Expression, module: string): string => {
    const kinds = ts.isObjectLiteralExpression(item)
      ? item.properties.filter(ts.isPropertyAssignment).map((p) => p.name.getText())
      : [];
    if (kinds.length !== 1)
      throw new Error(`${where(item, module)}: a transaction item that is not a literal`);
    return kinds[0] as string;
  };
  visitAll(modules, (node, module) => {
    if (!ts.isNewExpression(node) || calleeName(node) !== 'TransactWriteItemsCommand') return;
    const input = node.arguments?.[0];
    const items = input && ts.isObjectLiteralExpression(input) ? property(input, 'TransactItems') : undefined;
    if (items !== undefined && ts.isArrayLiteralExpression(items)) {
      for (const item of items.elements) parts.add(kindsOf(item, module));
      return;
    }
    // Items built in steps: every object literal the module types as a TransactWriteItem (a return or a
    // push of a function declared to give one, or a variable of that type) is a part.
    const literals = transactionItemLiterals(node.getSourceFile());
    if (items === undefined || literals.length === 0) {
      throw new Error(`${where(node, module)}: TransactItems is not an array literal`);
    }
    for (const item of literals) parts.add(kindsOf(item, module));
  });
  return [...parts].sort();
}

/** The object literals of a file whose keys are exactly one of a TransactWriteItem's (`Put`, `Update`, ...). */
function transactionItemLiterals(file: ts.SourceFile): ts.ObjectLiteralExpression[] {
  const kinds = new Set(['Put', 'Update', 'Delete', 'ConditionCheck']);
  const found: ts.ObjectLiteralExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const names = node.properties.filter(ts.isPropertyAssignment).map((p) => p.name.getText());
      const inner = node.properties.find(ts.isPropertyAssignment)?.initializer;
      const isItem =
        names.length === 1 &&
        kinds.has(names[0] as string) &&
        inner !== undefined &&
        ts.isObjectLiteralExpression(inner) &&
        property(inner, 'TableName') !== undefined;
      if (isItem) found.push(node);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * Which of the named functions the modules call (e.g. the S3 key builders), by name.
 *
 * @example
 * calledFunctions(modules, ['archiveKey', 'deadLetterKey']); // ['deadLetterKey']
 */
export function calledFunctions(modules: readonly string[], names: readonly string[]): string[] {
  const called = new Set<string>();
  visitAll(modules, (node) => {
    if (!ts.isCallExpression(node)) return;
    const name = calleeName(node);
    if (name !== undefined && names.includes(name)) called.add(name);
  });
  return [...called].sort();
}

/**
 * The places the modules read `object.member` (e.g. `Area.redriven`).
 *
 * @example
 * memberReads(modules, 'Area', 'redriven'); // [] when no bundled module names that area
 */
export function memberReads(modules: readonly string[], object: string, member: string): string[] {
  const found: string[] = [];
  visitAll(modules, (node, module) => {
    if (
      ts.isPropertyAccessExpression(node) &&
      node.name.text === member &&
      node.expression.getText() === object
    ) {
      found.push(where(node, module));
    }
  });
  return found;
}

/**
 * Where the modules set a property of this name in an object literal (`IndexName: …` in a Query's
 * input): a DynamoDB Query reaches an index only through it.
 *
 * @example
 * propertyAssignments(modules, 'IndexName'); // ['shared/adapters/dynamodb/alerts.ts:212']
 */
export function propertyAssignments(modules: readonly string[], name: string): string[] {
  const found: string[] = [];
  visitAll(modules, (node, module) => {
    if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && node.name.text === name) {
      found.push(where(node, module));
    }
  });
  return found;
}

/**
 * The modules that can hold a client of a package: they import its `Client` (as a value or a type) or
 * any value from it. Importing only other types (e.g. the API's request and response types) cannot.
 *
 * @example
 * clientImporters(modules, '@opensearch-project/opensearch'); // ['shared/adapters/opensearch/client.ts', …]
 */
export function clientImporters(modules: readonly string[], pkg: string): string[] {
  return modules.filter((module) =>
    sourceOf(module).statements.some((statement) => {
      if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) return false;
      const specifier = statement.moduleSpecifier.text;
      if (specifier !== pkg && !specifier.startsWith(`${pkg}/`)) return false;
      const clause = statement.importClause;
      if (clause === undefined) return true;
      if (clause.name !== undefined && !clause.isTypeOnly) return true;
      const bindings = clause.namedBindings;
      if (bindings === undefined) return false;
      if (ts.isNamespaceImport(bindings)) return !clause.isTypeOnly;
      return bindings.elements.some(
        (element) =>
          (element.propertyName ?? element.name).text === 'Client' ||
          !(clause.isTypeOnly || element.isTypeOnly),
      );
    }),
  );
}
