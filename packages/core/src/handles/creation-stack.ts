import { FOREIGN_SCRIPT } from '../diagnosis/allocation-stack.js';
import { displayPath } from '../diagnosis/display-path.js';

/** One frame of the stack that created a handle, as the runner's source-map support printed it. */
export interface CreationFrame {
  functionName: string;
  /** File relative to the working directory (TypeScript when the runner maps stacks through its source maps). */
  file: string;
  line: number;
  column: number;
}

export interface CreationStack {
  /** The caller's frames, innermost first: node internals, runners and leakproof cut away. */
  frames: CreationFrame[];
  /** True when no frame was the caller's: the frames are then node's (or a library's) innermost ones. */
  foreignOnly: boolean;
  /** True when a frame belongs to the test runner (Vitest, Jest) and none to the caller: the runner's own handle. */
  createdByRunner: boolean;
  /** The stack text (frames only), what `allowHandles` RegExps are tested against. */
  text: string;
  /**
   * Set when the handle was created from node's own code (e.g. `listen` binds on a later tick): the frames are
   * those of the code that scheduled that work, reached through async_hooks trigger ids (e.g. 'TickObject').
   */
  via?: string | undefined;
}

const FRAME = /^\s*at (?:async )?(?:(.*?) \((.*)\)|(.*))$/;
const LOCATION = /^(.*):(\d+):(\d+)$/;
const RUNNER_SCRIPT = /\/node_modules\/(\.pnpm\/)?(vitest|@vitest|jest[\w-]*|@jest|tinypool|birpc|tinyspy)[@/]/;
const OWN_SCRIPT = /\/@leakproof\/|^node:internal\/async_hooks$/;
/** Where leakproof's packages live (a workspace checkout: `<root>/core`, `<root>/vitest`, `<root>/jest`), from this module's own frame. */
const OWN_ROOT = ownPackagesRoot();

function ownPackagesRoot(): string | undefined {
  const holder: { stack?: string } = {};
  Error.captureStackTrace(holder);
  const line = (holder.stack ?? '').split('\n').find((frame) => FRAME.test(frame)) ?? '';
  return /(?:\(|at )(?:file:\/\/)?(\/.*\/)core\/(?:src|dist)\//.exec(line)?.[1];
}

function isOwnScript(script: string): boolean {
  if (OWN_SCRIPT.test(script)) return true;
  if (OWN_ROOT === undefined) return false;
  const file = script.startsWith('file://') ? script.slice('file://'.length) : script;
  return file.startsWith(OWN_ROOT) && /^(core|vitest|jest)\/(src|dist)\//.test(file.slice(OWN_ROOT.length));
}
const MAX_FRAMES = 6;

/** Parses a V8 stack (`    at fn (file:line:col)` lines) into the frames worth showing. */
export function parseCreationStack(stack: string | undefined, cwd: string = process.cwd()): CreationStack {
  const lines = (stack ?? '').split('\n').filter((line) => FRAME.test(line));
  const parsed: CreationFrame[] = [];
  const user: CreationFrame[] = [];
  let runner = false;
  for (const line of lines) {
    const match = FRAME.exec(line) as RegExpExecArray;
    const location = match[2] ?? match[3] ?? '';
    const position = LOCATION.exec(location);
    if (!position) continue;
    const script = position[1] as string;
    if (isOwnScript(script)) continue;
    const frame: CreationFrame = {
      functionName: match[1] || '(anonymous)',
      file: displayPath(script, cwd),
      line: Number(position[2]),
      column: Number(position[3]),
    };
    parsed.push(frame);
    if (RUNNER_SCRIPT.test(script)) runner = true;
    if (!FOREIGN_SCRIPT.test(script)) user.push(frame);
  }
  const text = lines.map((line) => line.trim()).join('\n');
  if (user.length > 0) return { frames: user.slice(0, MAX_FRAMES), foreignOnly: false, createdByRunner: false, text };
  return { frames: parsed.slice(0, MAX_FRAMES), foreignOnly: true, createdByRunner: runner, text };
}

export function formatCreationFrame(frame: CreationFrame): string {
  return `${frame.functionName} (${frame.file}:${frame.line}:${frame.column})`;
}
