/** The main branch: encodes audio frames into a scratch buffer sized for one frame, keeps nothing. */
export class FrameEncoder {
  private encoded = 0;

  encode(samples: Float32Array): Uint8Array {
    const scratch = new Uint8Array(samples.length * 2);
    for (let i = 0; i < samples.length; i++) scratch[i * 2] = Math.round(((samples[i] ?? 0) + 1) * 127);
    this.encoded++;
    return scratch;
  }

  get framesEncoded(): number {
    return this.encoded;
  }
}
