import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { originalPositionFor, sourceContentFor, TraceMap } from '@jridgewell/trace-mapping';

/** What `Debugger.scriptParsed` told us about one script. */
export interface ParsedScript {
  url: string;
  sourceMapURL: string;
}

export interface OriginalPosition {
  /** Original source (absolute path or URL as the map names it). */
  source: string;
  /** 1-based line. */
  line: number;
  /** 0-based column. */
  column: number;
  /** The original source text when the map carries it or the file can be read. */
  content?: string | undefined;
}

/**
 * Maps generated positions to original ones through the source maps the runner attached to its scripts
 * (Vitest and Jest inline them as `data:` URLs). Maps are decoded lazily, once per script.
 */
export class SourceMapper {
  private readonly maps = new Map<number, TraceMap | null>();

  constructor(private readonly scripts: ReadonlyMap<number, ParsedScript>) {}

  /** `line` 1-based, `column` 0-based, in the generated script. Undefined when no map covers it. */
  original(scriptId: number, line: number, column: number): OriginalPosition | undefined {
    const map = this.mapFor(scriptId);
    if (!map) return undefined;
    // A function's recorded position is its start; mapping can land on an unmapped column: walk right a little.
    for (const bias of [column, column + 1, 0]) {
      const position = originalPositionFor(map, { line, column: bias });
      if (position.source !== null && position.line !== null) {
        return { source: position.source, line: position.line, column: position.column ?? 0, content: this.contentFor(map, position.source) };
      }
    }
    return undefined;
  }

  /** The original source text of a script's (first) source, when its map carries it or the file can be read. */
  sourceText(scriptId: number): string | undefined {
    const map = this.mapFor(scriptId);
    const source = map?.resolvedSources[0] ?? map?.sources[0];
    if (map && source) return this.contentFor(map, source);
    // No map reported (e.g. Vitest 5 on Node 24): the script's own file, when it is one.
    const url = this.scripts.get(scriptId)?.url ?? '';
    if (!url.startsWith('file://')) return undefined;
    try {
      return readFileSync(fileURLToPath(url), 'utf8');
    } catch {
      return undefined;
    }
  }

  private contentFor(map: TraceMap, source: string): string | undefined {
    const embedded = sourceContentFor(map, source);
    if (embedded) return embedded;
    try {
      return readFileSync(source.startsWith('file://') ? fileURLToPath(source) : source, 'utf8');
    } catch {
      return undefined;
    }
  }

  private mapFor(scriptId: number): TraceMap | undefined {
    const cached = this.maps.get(scriptId);
    if (cached !== undefined) return cached ?? undefined;
    let map: TraceMap | null = null;
    const script = this.scripts.get(scriptId);
    const url = script?.sourceMapURL ?? '';
    const match = /^data:application\/json;(?:charset=[^;,]+;)?base64,(.*)$/s.exec(url);
    if (script && match) {
      try {
        map = new TraceMap(Buffer.from(match[1] as string, 'base64').toString('utf8'), script.url);
      } catch {
        map = null;
      }
    }
    this.maps.set(scriptId, map);
    return map ?? undefined;
  }
}
