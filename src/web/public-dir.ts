import { join } from 'node:path';

/**
 * Where the page's files live: next to this file, so it resolves to `src/web/public` under
 * ts-jest and to `dist/web/public` after `nest build` (nest-cli.json copies the folder).
 */
export const PUBLIC_DIR = join(__dirname, 'public');
export const ASSETS_DIR = join(PUBLIC_DIR, 'assets');
