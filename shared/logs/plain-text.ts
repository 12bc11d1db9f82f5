import { levelFromName } from './level';
import type { Level } from './types';

/** The first standalone upper-case level word (docs/normalization.md's names and aliases). */
const levelWord =
  /\b(?:TRACE|DEBUG|INFO|INFORMATION|NOTICE|WARN|WARNING|ERROR|ERR|SEVERE|FATAL|CRITICAL|CRIT|ALERT|EMERG|EMERGENCY|PANIC)\b/;

/**
 * A Java or Python stack trace, anywhere in the text:
 * - a Java frame after any whitespace (so also behind a CRI `... stderr F ` prefix), with a frame's own
 *   location: `at pkg.Class.method(File.java:12)`, `(Unknown Source)`, `(Native Method)`;
 * - `Caused by: pkg.SomeException`;
 * - at a line start, an exception header: `java.io.IOException: ...`, `Exception in thread "main" ...`;
 * - `Traceback (most recent call last)`, or a Python frame `File "app.py", line 3`.
 * No part can run past its own line, so the scan stays linear.
 */
const stackTrace =
  /(?:^|\s)at (?:[\w$<>-]+[./])+[\w$<>-]+\((?:[\w$-]+\.(?:java|scala|kt|groovy|clj)(?::\d+)?|Unknown Source|Native Method)\)|(?:^|\s)Caused by: [\w$]+\.[\w$.]+|^(?:Exception in thread "[^"\n]*" )?(?:[A-Za-z_$][\w$]*\.)+[A-Za-z_$][\w$]*(?:Exception|Error|Throwable)(?::|[ \t]*\r?$)|Traceback \(most recent call last\)|(?:^|\s)File "[^"\n]+", line \d+/m;

/**
 * The level of a plain text log: its first standalone upper-case level word, raised to `error` when the
 * text holds a Java or Python stack trace (a `FATAL` line with a trace stays `fatal`).
 *
 * @example
 * plainTextLevel('2016-12-19 20:51:20 WARN fetch failed'); // 'warn'
 * plainTextLevel('\tat kafka.Log.append(Log.scala:42)'); // 'error'
 */
export function plainTextLevel(text: string): Level {
  const word = levelWord.exec(text);
  const level = word === null ? 'unknown' : (levelFromName(word[0]) ?? 'unknown');
  if (level === 'fatal' || level === 'error') return level;
  return stackTrace.test(text) ? 'error' : level;
}

/** `text` without its trailing line break(s) (`\n`, `\r\n`). */
export function stripLineEnd(text: string): string {
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    if (c !== 10 && c !== 13) break;
    end -= 1;
  }
  return end === text.length ? text : text.slice(0, end);
}
