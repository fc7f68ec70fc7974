import { expect, test } from 'vitest';
import { CallRegistry } from '../src/call-registry.js';

const plantLeak = process.env.DEMO_PLANT_LEAK === '1';
const registry = new CallRegistry({ recentLimit: 50, keepEveryCall: plantLeak });

test('a full call cycle does not leak', async () => {
  await expect(() => {
    const call = registry.start('+1 555 0100');
    registry.end(call.id);
  }).toNotLeak();
});

test('a burst of 1,000 concurrent calls stays under 5 MB', async () => {
  await expect(() => {
    const calls = Array.from({ length: 1000 }, (_, i) => registry.start(`+1 555 ${i}`));
    for (const call of calls) registry.end(call.id);
  }).toStayUnder('5 MB');
});
