import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A recorded notify event from test/events/notify/. */
export function notifyEvent(name: string): unknown {
  return JSON.parse(readFileSync(join(__dirname, '..', '..', 'events', 'notify', `${name}.json`), 'utf8'));
}
