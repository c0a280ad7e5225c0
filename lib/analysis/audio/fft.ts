/**
 * Real-input FFT of a fixed power-of-two size, computed as one complex FFT of
 * half the size (the even/odd packing trick). All tables and work buffers are
 * allocated once, so transforming a frame allocates nothing.
 */
export class RealFft {
  readonly size: number;
  /** Number of non-redundant output bins: size / 2 + 1. */
  readonly bins: number;
  private readonly half: number;
  private readonly bitReverse: Uint32Array;
  private readonly twiddleCos: Float64Array;
  private readonly twiddleSin: Float64Array;
  private readonly unpackCos: Float64Array;
  private readonly unpackSin: Float64Array;
  private readonly re: Float64Array;
  private readonly im: Float64Array;

  constructor(size: number) {
    if (size < 4 || (size & (size - 1)) !== 0) throw new Error(`FFT size must be a power of two >= 4, got ${size}`);
    this.size = size;
    this.half = size / 2;
    this.bins = this.half + 1;
    const m = this.half;
    const levels = Math.log2(m);
    this.bitReverse = new Uint32Array(m);
    for (let i = 0; i < m; i++) {
      let reversed = 0;
      for (let bit = 0, v = i; bit < levels; bit++, v >>= 1) reversed = (reversed << 1) | (v & 1);
      this.bitReverse[i] = reversed;
    }
    this.twiddleCos = new Float64Array(m / 2);
    this.twiddleSin = new Float64Array(m / 2);
    for (let i = 0; i < m / 2; i++) {
      this.twiddleCos[i] = Math.cos((2 * Math.PI * i) / m);
      this.twiddleSin[i] = -Math.sin((2 * Math.PI * i) / m);
    }
    this.unpackCos = new Float64Array(m + 1);
    this.unpackSin = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      this.unpackCos[k] = Math.cos((2 * Math.PI * k) / size);
      this.unpackSin[k] = Math.sin((2 * Math.PI * k) / size);
    }
    this.re = new Float64Array(m);
    this.im = new Float64Array(m);
  }

  /**
   * Power spectrum |X[k]|² for k = 0..size/2 of a real signal. `input` may be
   * shorter than `size` (it is zero-padded); `window`, when given, multiplies
   * the input sample by sample and must be at least as long as `input`.
   */
  powerSpectrum(input: ArrayLike<number>, out: Float64Array, window?: ArrayLike<number>): Float64Array {
    this.transform(input, window);
    const { re, im, half: m, unpackCos, unpackSin } = this;
    for (let k = 0; k <= m; k++) {
      const a = re[k % m];
      const b = im[k % m];
      const c = re[(m - k) % m];
      const d = im[(m - k) % m];
      const cos = unpackCos[k];
      const sin = unpackSin[k];
      const xr = 0.5 * (a + c + cos * (b + d) - sin * (a - c));
      const xi = 0.5 * (b - d - cos * (a - c) - sin * (b + d));
      out[k] = xr * xr + xi * xi;
    }
    return out;
  }

  /**
   * Circular autocorrelation r[τ], τ = 0..size/2, from a power spectrum of
   * this size (the inverse transform of a real, even spectrum, done with the
   * same forward transform since the spectrum is symmetric).
   */
  autocorrelation(power: Float64Array, out: Float64Array): Float64Array {
    const { re, im, half: m, unpackCos, unpackSin, size } = this;
    this.loadPacked((n) => power[n <= m ? n : size - n]);
    this.complexFft();
    for (let k = 0; k <= m; k++) {
      const a = re[k % m];
      const b = im[k % m];
      const c = re[(m - k) % m];
      const d = im[(m - k) % m];
      out[k] = (0.5 * (a + c + unpackCos[k] * (b + d) - unpackSin[k] * (a - c))) / size;
    }
    return out;
  }

  private transform(input: ArrayLike<number>, window?: ArrayLike<number>): void {
    const length = input.length;
    if (length > this.size) throw new Error(`input of ${length} samples exceeds FFT size ${this.size}`);
    if (window) this.loadPacked((n) => (n < length ? input[n] * window[n] : 0));
    else this.loadPacked((n) => (n < length ? input[n] : 0));
    this.complexFft();
  }

  private loadPacked(sample: (n: number) => number): void {
    const { re, im, bitReverse, half: m } = this;
    for (let i = 0; i < m; i++) {
      const j = bitReverse[i];
      re[j] = sample(2 * i);
      im[j] = sample(2 * i + 1);
    }
  }

  /** In-place iterative radix-2 FFT on the bit-reversed (re, im) buffers. */
  private complexFft(): void {
    const { re, im, twiddleCos, twiddleSin, half: m } = this;
    for (let span = 1; span < m; span <<= 1) {
      const stride = m / (span << 1);
      for (let start = 0; start < m; start += span << 1) {
        for (let j = 0; j < span; j++) {
          const wr = twiddleCos[j * stride];
          const wi = twiddleSin[j * stride];
          const p = start + j;
          const q = p + span;
          const tr = wr * re[q] - wi * im[q];
          const ti = wr * im[q] + wi * re[q];
          re[q] = re[p] - tr;
          im[q] = im[p] - ti;
          re[p] += tr;
          im[p] += ti;
        }
      }
    }
  }
}
