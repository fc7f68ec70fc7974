import type { CorpusCase } from '../../case';

interface Point { x: number; y: number; z?: number; w?: number }
const shapes: Point[] = [{ x: 1, y: 2 }, { x: 1, y: 2, z: 3 }, { x: 1, y: 2, w: 4 }, { y: 2, x: 1 }];
function norm(p: Point): number {
  return Math.sqrt(p.x * p.x + p.y * p.y + (p.z ?? 0) * (p.z ?? 0) + (p.w ?? 0));
}
function hot(n: number): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += norm(shapes[i & 3] as Point);
  return sum;
}
export default {
  description: 'a polymorphic hot loop that tiers up (Sparkplug, Maglev/TurboFan) during the measurement',
  kind: 'clean',
  cycle: () => hot(2000),
} satisfies CorpusCase;
