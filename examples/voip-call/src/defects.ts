// The planted defects of the example, switched by the VOIP_DEFECTS environment variable (all off by default).

export const DEFECT_NAMES = ['pool', 'codec', 'listener', 'timer'] as const;
export type DefectName = (typeof DEFECT_NAMES)[number];
export type Defects = Readonly<Record<DefectName, boolean>>;

export const NO_DEFECTS: Defects = { pool: false, codec: false, listener: false, timer: false };

/**
 * `'pool,codec'` -> those two on; `''`, `'none'` or unset -> none; `'all'` -> every defect.
 * Anything else throws, naming the variable and the accepted form.
 */
export function parseDefects(value: string | undefined, source = 'VOIP_DEFECTS'): Defects {
  const text = (value ?? '').trim();
  if (text === '' || text === 'none') return NO_DEFECTS;
  if (text === 'all') return { pool: true, codec: true, listener: true, timer: true };
  const planted: Record<DefectName, boolean> = { ...NO_DEFECTS };
  for (const raw of text.split(',')) {
    const name = raw.trim();
    if (!isDefectName(name)) {
      throw new Error(
        `${source}: unknown defect '${name}'; expected a comma-separated list of ${DEFECT_NAMES.join(', ')} (or 'all', 'none'), e.g. ${source}=pool,timer`,
      );
    }
    planted[name] = true;
  }
  return planted;
}

export function defectsFromEnv(env: NodeJS.ProcessEnv = process.env): Defects {
  return parseDefects(env.VOIP_DEFECTS);
}

function isDefectName(name: string): name is DefectName {
  return (DEFECT_NAMES as readonly string[]).includes(name);
}
