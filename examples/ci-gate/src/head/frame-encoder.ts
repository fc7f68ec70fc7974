/**
 * The pull request: "faster" encoding with a 4x scratch buffer and a history of encoded frames for a retry
 * feature that forgot its bound. Two regressions the gate must catch: a larger peak and a per-call leak.
 */
export class FrameEncoder {
  private encoded = 0;
  private readonly history: Uint8Array[] = [];

  encode(samples: Float32Array): Uint8Array {
    const scratch = new Uint8Array(samples.length * 8);
    for (let i = 0; i < samples.length; i++) scratch[i * 2] = Math.round(((samples[i] ?? 0) + 1) * 127);
    this.encoded++;
    const frame = scratch.subarray(0, samples.length * 2);
    this.history.push(frame.slice(0, 16));
    return frame;
  }

  get framesEncoded(): number {
    return this.encoded;
  }
}
