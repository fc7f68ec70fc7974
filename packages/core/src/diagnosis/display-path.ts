import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** A file URL or path shown relative to `cwd` (absolute when outside it); other URLs as they are. */
export function displayPath(url: string, cwd: string = process.cwd()): string {
  let file = url;
  if (url.startsWith('file://')) {
    try {
      file = fileURLToPath(url);
    } catch {
      return url;
    }
  }
  if (!path.isAbsolute(file)) return file;
  const relative = path.relative(cwd, file);
  return relative.startsWith('..') ? file : relative;
}
