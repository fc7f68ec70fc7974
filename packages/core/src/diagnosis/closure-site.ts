import type { HeapSnapshot } from './heap-snapshot.js';
import type { SourceMapper } from './source-maps.js';

/** Where the function of a leaked group is defined: the listener or timer callback that holds the leak. */
export interface ClosureSite {
  /** `onQualityChange()`, `anonymous()`. */
  functionName: string;
  /** Original file relative to the working directory (or the script URL when unmapped). */
  file: string;
  /** 1-based line in the original source (or in the transformed code when `transformed`). */
  line: number;
  /** The property that holds the function when the group is its holder, e.g. `Timeout._onTimeout`. */
  via?: string | undefined;
  /** True when the runner reported no source map: the line is in the transformed code. */
  transformed: boolean;
}

/**
 * The definition site of the closure a leaked group is (a listener) or directly holds through a property (a
 * Timeout's `_onTimeout`), from the heap snapshot's closure locations. Unlike allocation stacks, V8 always
 * records these, optimized code or not.
 */
export function closureSiteOf(
  snapshot: HeapSnapshot,
  node: number,
  mapper: SourceMapper,
  scriptUrl: (scriptId: number) => string | undefined,
  displayPath: (file: string) => string,
): ClosureSite | undefined {
  let closure = snapshot.type(node) === 'closure' ? node : -1;
  let via: string | undefined;
  if (closure < 0) {
    const end = snapshot.firstEdge[node + 1] as number;
    for (let edge = snapshot.firstEdge[node] as number; edge < end; edge++) {
      const target = snapshot.edgeTarget[edge] as number;
      if (snapshot.edgeTypeName(edge) !== 'property' || snapshot.type(target) !== 'closure') continue;
      if (!snapshot.locations.has(target)) continue;
      closure = target;
      via = `${snapshot.name(node)}.${snapshot.edgeLabel(edge)}`;
      break;
    }
  }
  const location = closure < 0 ? undefined : snapshot.locations.get(closure);
  if (!location) return undefined;
  const url = scriptUrl(location.scriptId);
  if (!url || url.startsWith('node:')) return undefined;
  const functionName = `${snapshot.name(closure) || 'anonymous'}()`;
  const original = mapper.original(location.scriptId, location.line + 1, location.column);
  if (!original) return { functionName, file: displayPath(url), line: location.line + 1, via, transformed: true };
  return { functionName, file: displayPath(original.source), line: original.line, via, transformed: false };
}
