import type { HeapSnapshot } from './heap-snapshot.js';
import type { SourceMapper } from './source-maps.js';

/** One frame of the JS stack that allocated a leaked object, mapped to the original (e.g. TypeScript) source. */
export interface AllocationFrame {
  functionName: string;
  /** Original file relative to the working directory (or the script URL when unmapped). */
  file: string;
  line: number;
  /**
   * 'allocation': the line of `new <Class>(` found in the function's source; 'function start': V8 records only
   * the function's position, so the line is where the function starts; 'transformed code': the runner reported no
   * source map for the script, so the line is the function's start in the runner's transformed code.
   */
  precision: 'allocation' | 'function start' | 'transformed code';
}

/** Frames of runners, node internals and leakproof itself, cut from allocation stacks. */
export const FOREIGN_SCRIPT = /^node:|\/node_modules\/|\/@leakproof\/|\/packages\/core\/dist\/|\/packages\/(vitest|jest)\/dist\//;

/**
 * The allocation stack of a node (needs a snapshot taken while allocations were tracked), innermost first,
 * restricted to the user's code and mapped through the runner's source maps.
 */
export function allocationStackOf(
  snapshot: HeapSnapshot,
  node: number,
  mapper: SourceMapper,
  displayPath: (file: string) => string,
  className: string,
  maxFrames = 6,
): AllocationFrame[] {
  const frames: AllocationFrame[] = [];
  let trace = snapshot.traceNodeId(node);
  let depth = 0;
  while (trace !== 0 && depth++ < 200 && frames.length < maxFrames) {
    const info = snapshot.traceFunctionInfos[snapshot.traceFunction.get(trace) ?? -1];
    trace = snapshot.traceParent.get(trace) ?? 0;
    if (!info || info.scriptName === '' || FOREIGN_SCRIPT.test(info.scriptName)) continue;
    if (info.line <= 0) continue;
    const original = mapper.original(info.scriptId, info.line, Math.max(0, info.column - 1));
    if (!original) {
      frames.push({ functionName: info.name || '(anonymous)', file: displayPath(info.scriptName), line: info.line, precision: 'transformed code' });
      continue;
    }
    const refined = frames.length === 0 ? findAllocationLine(original.content, original.line, className) : undefined;
    frames.push({
      functionName: info.name || '(anonymous)',
      file: displayPath(original.source),
      line: refined ?? original.line,
      precision: refined === undefined ? 'function start' : 'allocation',
    });
  }
  return frames;
}

/**
 * The line of `new ClassName(` in the function that starts at `startLine`: searched up to the end of that
 * function (the line where its indentation closes), at most 200 lines.
 */
export function findAllocationLine(content: string | undefined, startLine: number, className: string): number | undefined {
  if (!content || !/^[A-Za-z_$][\w$]*$/.test(className)) return undefined;
  const lines = content.split('\n');
  const first = lines[startLine - 1];
  if (first === undefined) return undefined;
  const indent = /^\s*/.exec(first)?.[0].length ?? 0;
  const pattern = new RegExp(`\\bnew\\s+${className.replace(/\$/g, '\\$')}\\b`);
  for (let i = startLine - 1; i < Math.min(lines.length, startLine + 200); i++) {
    const line = lines[i] as string;
    if (pattern.test(line)) return i + 1;
    if (i > startLine - 1 && /^\s*}/.test(line) && (/^\s*/.exec(line)?.[0].length ?? 0) <= indent) break;
  }
  return undefined;
}
