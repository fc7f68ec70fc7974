import { describe, expect, test } from 'vitest';
import { FrameEncoder } from '../src/frame-encoder.js';

const frame = new Float32Array(960).map((_, i) => Math.sin(i / 10));

describe('frame encoder', () => {
  test('encoding a frame does not leak', async () => {
    const encoder = new FrameEncoder();
    await expect(() => {
      encoder.encode(frame);
    }).toNotLeak({ diagnose: false });
  });

  test('a burst of 500 frames stays under 20 MB', async () => {
    const encoder = new FrameEncoder();
    await expect(() => {
      const frames = Array.from({ length: 500 }, () => encoder.encode(frame));
      return frames.length;
    }).toStayUnder('20 MB');
  });
});
