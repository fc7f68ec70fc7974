import { displayPath } from './display-path.js';
import type { HeapSnapshot } from './heap-snapshot.js';
import type { RetainerTree } from './retainer-tree.js';

const CONTEXT = 'system / Context';
/** Parameters of the wrappers runners put around a module's code: a context holding only them is the module's. */
const WRAPPER_NAME = /^(__vite_ssr_\w+|__vi_\w+|exports|require|module|__filename|__dirname|jest)$/;

/** Script id -> URL, from `Debugger.scriptParsed`. */
export type ScriptUrls = ReadonlyMap<number, string>;

/**
 * Turns a retainer path (edges from the root) into the steps a developer recognises:
 * `Module src/call-manager.ts -> sessions (Map) -> [value] -> CallSession`. Engine internals are collapsed:
 * a Map's hash table becomes `[key]`/`[value]`, a Set's `[entry]`, an Array's backing store `[i]`, a closure's
 * context its captured variable. The path starts at the innermost module scope it passes through.
 */
export class PathRenderer {
  private readonly closuresByContext = new Map<number, number[]>();

  constructor(
    private readonly snapshot: HeapSnapshot,
    private readonly tree: RetainerTree,
    private readonly scriptUrls: ScriptUrls,
    /** Original source text of a script (through its source map), to tell number-valued variables apart. */
    private readonly sourceText: (scriptId: number) => string | undefined = () => undefined,
    private readonly cwd: string = process.cwd(),
  ) {}

  /** Indexes which closures use each of these contexts (needed to name module scopes). */
  prepare(paths: readonly number[][]): void {
    const wanted = new Set<number>();
    for (const edges of paths) {
      for (const edge of edges) {
        const node = this.snapshot.edgeTarget[edge] as number;
        if (this.snapshot.name(node) === CONTEXT) wanted.add(node);
      }
    }
    if (wanted.size === 0) return;
    const { snapshot } = this;
    const closureType = snapshot.nodeTypes.indexOf('closure');
    for (let node = 0; node < snapshot.nodeCount; node++) {
      if (snapshot.typeIndex(node) !== closureType) continue;
      const end = snapshot.firstEdge[node + 1] as number;
      for (let edge = snapshot.firstEdge[node] as number; edge < end; edge++) {
        const target = snapshot.edgeTarget[edge] as number;
        if (!wanted.has(target) || snapshot.edgeLabel(edge) !== 'context') continue;
        const list = this.closuresByContext.get(target) ?? [];
        list.push(node);
        this.closuresByContext.set(target, list);
      }
    }
  }

  /** Steps of the path, leaked object last (its class name). */
  render(edges: readonly number[]): string[] {
    const { snapshot } = this;
    let start = 0;
    let moduleLabel: string | undefined;
    edges.forEach((edge, index) => {
      const node = snapshot.edgeTarget[edge] as number;
      if (snapshot.name(node) !== CONTEXT) return;
      const file = this.moduleFileOf(node);
      if (file !== undefined) {
        start = index + 1;
        moduleLabel = `Module ${file}`;
      }
    });
    const steps: string[] = ['(GC roots)'];
    const push = (step: string): void => {
      // A linked list repeats one step per element: `Timeout._idleNext (Timeout) x12`.
      const last = steps.at(-1) ?? '';
      const repeated = /^(.*) x(\d+)$/.exec(last);
      if (last === step) steps[steps.length - 1] = `${step} x2`;
      else if (repeated && repeated[1] === step) steps[steps.length - 1] = `${step} x${Number(repeated[2]) + 1}`;
      else steps.push(step);
    };
    if (moduleLabel) steps.push(moduleLabel);
    for (let index = start; index < edges.length; index++) {
      const edge = edges[index] as number;
      const from = this.tree.sourceOf(edge);
      const to = snapshot.edgeTarget[edge] as number;
      const label = this.edgeText(from, edge);
      const last = index === edges.length - 1;
      if (label === undefined) {
        if (last) steps.push(this.className(to));
        continue;
      }
      if (index === 0 && snapshot.type(to) === 'synthetic') continue;
      if (snapshot.type(to) === 'synthetic') {
        steps.push(snapshot.name(to));
        continue;
      }
      if (last) steps.push(label, this.className(to));
      else push(`${label} (${this.className(to)})`);
    }
    return steps;
  }

  /** The text of one hop, or undefined for engine-internal hops that are collapsed away. */
  private edgeText(from: number, edge: number): string | undefined {
    const { snapshot } = this;
    const type = snapshot.edgeTypeName(edge);
    const label = snapshot.edgeLabel(edge);
    const fromName = snapshot.name(from);
    const fromType = snapshot.type(from);
    if (fromType === 'synthetic') return undefined;
    if (type === 'internal' && (label === 'table' || label === 'elements' || label === 'context' || label === 'properties')) return undefined;
    const owner = this.ownerOfBackingStore(from);
    if (owner !== undefined) {
      const ownerName = snapshot.name(owner);
      if (ownerName === 'Map' || ownerName === 'WeakMap') return this.mapSlot(from, edge);
      if (ownerName === 'Set' || ownerName === 'WeakSet') return '[entry]';
      return `[${label}]`;
    }
    if (fromName === CONTEXT) return type === 'context' ? label : (this.hiddenContextName(from, edge) ?? '(captured variable)');
    if (type === 'element') return `[${label}]`;
    if (type === 'property') {
      if (label.startsWith('get ') || label.startsWith('set ')) return `${label.slice(4)} (getter)`;
      return fromName === 'Object' || fromType !== 'object' ? label : `${fromName}.${label}`;
    }
    return `(${type} ${label})`;
  }

  /** The Map/Set/Array/object whose hash table or elements store `store` is (reached through 'table'/'elements'). */
  private ownerOfBackingStore(store: number): number | undefined {
    const edge = this.tree.parentEdge[store] as number;
    if (edge < 0) return undefined;
    const label = this.snapshot.edgeLabel(edge);
    if (this.snapshot.edgeTypeName(edge) !== 'internal' || (label !== 'table' && label !== 'elements' && label !== 'properties')) return undefined;
    return this.tree.parentNode[store] as number;
  }

  /** OrderedHashMap entries are [key, value, chain]; the chain is a small integer, not in the snapshot. */
  private mapSlot(table: number, edge: number): string {
    const { snapshot } = this;
    const slot = Number(snapshot.edgeLabel(edge));
    const slots = new Set<number>();
    const end = snapshot.firstEdge[table + 1] as number;
    for (let e = snapshot.firstEdge[table] as number; e < end; e++) slots.add(Number(snapshot.edgeLabel(e)));
    if (slots.has(slot + 1) && !slots.has(slot - 1)) return '[key]';
    return '[value]';
  }

  /**
   * V8 names the variables of block contexts (e.g. the body of a runner's module wrapper) only in the context's
   * ScopeInfo. Slots holding small integers are absent from the snapshot, so names and values are aligned in order,
   * anchored on functions and classes whose name equals their variable's.
   */
  private hiddenContextName(context: number, edge: number): string | undefined {
    const { snapshot } = this;
    const values: number[] = [];
    let scopeInfo = -1;
    const end = snapshot.firstEdge[context + 1] as number;
    for (let e = snapshot.firstEdge[context] as number; e < end; e++) {
      if (snapshot.edgeTypeName(e) === 'hidden') values.push(e);
      else if (snapshot.edgeLabel(e) === 'scope_info') scopeInfo = snapshot.edgeTarget[e] as number;
    }
    if (scopeInfo < 0) return undefined;
    const names: string[] = [];
    const infoEnd = snapshot.firstEdge[scopeInfo + 1] as number;
    for (let e = snapshot.firstEdge[scopeInfo] as number; e < infoEnd; e++) {
      const target = snapshot.edgeTarget[e] as number;
      if (snapshot.edgeTypeName(e) === 'hidden' && snapshot.type(target).includes('string')) names.push(snapshot.name(target));
    }
    const position = values.indexOf(edge);
    if (position < 0) return undefined;
    if (names.length === values.length) return names[position];
    // Align: walk values in order, each takes the next name, jumping to an exact function/class name match.
    let nameIndex = 0;
    for (let v = 0; v <= position; v++) {
      const valueNode = snapshot.edgeTarget[values[v] as number] as number;
      const valueName = snapshot.type(valueNode) === 'closure' ? snapshot.name(valueNode) : '';
      const match = valueName ? names.indexOf(valueName, nameIndex) : -1;
      const remainingValues = values.length - v;
      if (match >= 0) nameIndex = match;
      if (v === position) {
        const slack = names.length - nameIndex - remainingValues;
        if (match >= 0 || slack === 0) return names[nameIndex];
        // More names than values left: a number-valued variable (not in the snapshot) sits in between. Drop the
        // candidates the source declares with a number; if that leaves one, it is the name, else say which it may be.
        const candidates = names.slice(nameIndex, nameIndex + slack + 1);
        const source = this.contextSource(context);
        const remaining = source ? candidates.filter((name) => !declaredAsNumber(source, name)) : candidates;
        return remaining.length === 1 ? remaining[0] : candidates.join(' | ');
      }
      nameIndex++;
    }
    return undefined;
  }

  private contextSource(context: number): string | undefined {
    for (const closure of this.closuresByContext.get(context) ?? this.closuresOf(context)) {
      const location = this.snapshot.locations.get(closure);
      const text = location ? this.sourceText(location.scriptId) : undefined;
      if (text) return text;
    }
    return undefined;
  }

  private closuresOf(context: number): number[] {
    const found: number[] = [];
    const { snapshot } = this;
    for (let node = 0; node < snapshot.nodeCount && found.length < 3; node++) {
      if (snapshot.type(node) !== 'closure') continue;
      if (this.edgeNamed(node, 'context') === context) found.push(node);
    }
    this.closuresByContext.set(context, found);
    return found;
  }

  /** `src/call-manager.ts` when `context` is a module's top-level scope, else undefined. */
  private moduleFileOf(context: number): string | undefined {
    const { snapshot } = this;
    const closures = this.closuresByContext.get(context) ?? [];
    let url: string | undefined;
    for (const closure of closures) {
      const location = snapshot.locations.get(closure);
      const found = location ? this.scriptUrls.get(location.scriptId) : undefined;
      if (found) {
        url = found;
        break;
      }
    }
    if (!url || url.startsWith('node:')) return undefined;
    const chain = this.contextChain(context);
    const outer = chain.slice(1);
    const isModuleScope = outer.length === 0 || outer.every((ctx) => this.scopeNames(ctx).every((name) => WRAPPER_NAME.test(name)));
    if (!isModuleScope) return undefined;
    return this.displayPath(url);
  }

  private contextChain(context: number): number[] {
    const chain = [context];
    let current = context;
    for (let depth = 0; depth < 50; depth++) {
      const previous = this.edgeNamed(current, 'previous');
      if (previous === undefined || this.snapshot.name(previous) !== CONTEXT) break;
      chain.push(previous);
      current = previous;
    }
    return chain;
  }

  private scopeNames(context: number): string[] {
    const scopeInfo = this.edgeNamed(context, 'scope_info');
    if (scopeInfo === undefined) return [];
    const { snapshot } = this;
    const names: string[] = [];
    const end = snapshot.firstEdge[scopeInfo + 1] as number;
    for (let e = snapshot.firstEdge[scopeInfo] as number; e < end; e++) {
      const target = snapshot.edgeTarget[e] as number;
      if (snapshot.type(target).includes('string')) names.push(snapshot.name(target));
    }
    const contextNames: string[] = [];
    const contextEnd = snapshot.firstEdge[context + 1] as number;
    for (let e = snapshot.firstEdge[context] as number; e < contextEnd; e++) {
      if (snapshot.edgeTypeName(e) === 'context') contextNames.push(snapshot.edgeLabel(e));
    }
    return [...names, ...contextNames];
  }

  private edgeNamed(node: number, name: string): number | undefined {
    const { snapshot } = this;
    const end = snapshot.firstEdge[node + 1] as number;
    for (let e = snapshot.firstEdge[node] as number; e < end; e++) {
      if (snapshot.edgeTypeName(e) !== 'element' && snapshot.edgeTypeName(e) !== 'hidden' && snapshot.edgeLabel(e) === name) {
        return snapshot.edgeTarget[e] as number;
      }
    }
    return undefined;
  }

  /** A file URL or path shown relative to the working directory. */
  displayPath(url: string): string {
    return displayPath(url, this.cwd);
  }

  /** Constructor name for objects, `name()` for functions, the engine's name for the rest. */
  className(node: number): string {
    const { snapshot } = this;
    const type = snapshot.type(node);
    const name = snapshot.name(node);
    if (type === 'closure') return `${name || 'anonymous'}()`;
    if (type === 'object') return name || 'Object';
    if (type.includes('string')) return 'string';
    if (type === 'array') return name ? `(${name.replace(/^\(|\)$/g, '')})` : '(internal array)';
    return name || `(${type})`;
  }
}

/** `let name = 0`, `let name: number = 1`, `var name = -1`: a variable that starts as a number. */
function declaredAsNumber(source: string, name: string): boolean {
  const escaped = name.replace(/[$]/g, '\\$');
  return new RegExp(`\\b(let|var)\\s+${escaped}\\s*(:\\s*number\\s*)?=\\s*-?\\d`).test(source);
}
