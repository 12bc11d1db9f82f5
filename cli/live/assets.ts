import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One file the live page is made of. */
export interface Asset {
  readonly contentType: string;
  readonly body: Buffer;
}

/** The page's files, by URL path: plain HTML, CSS and JavaScript, nothing fetched from elsewhere. */
const files: Readonly<Record<string, { readonly file: string; readonly contentType: string }>> = {
  '/': { file: 'index.html', contentType: 'text/html; charset=utf-8' },
  '/live.css': { file: 'live.css', contentType: 'text/css; charset=utf-8' },
  '/live.js': { file: 'live.js', contentType: 'text/javascript; charset=utf-8' },
};

/**
 * Reads the live page's files from cli/live/page/ (once, when the server starts).
 *
 * @example
 * loadAssets().get('/')?.contentType; // 'text/html; charset=utf-8'
 */
export function loadAssets(dir: string = join(__dirname, 'page')): ReadonlyMap<string, Asset> {
  return new Map(
    Object.entries(files).map(([path, { file, contentType }]) => [
      path,
      { contentType, body: readFileSync(join(dir, file)) },
    ]),
  );
}
