import type { RealFft } from './fft';

export interface PitchOptions {
  sampleRate: number;
  /** Lowest F0 searched, Hz. */
  f0Min: number;
  /** Highest F0 searched, Hz. */
  f0Max: number;
  /** Periodicity (normalised autocorrelation peak, 0..1) at or above which a frame counts as voiced. */
  voicingThreshold: number;
  /** Frames quieter than this RMS are never voiced (about -66 dBFS; RAVDESS has whole clips near -50 dBFS). */
  silenceRms: number;
}

export const DEFAULT_PITCH_OPTIONS: Omit<PitchOptions, 'sampleRate'> = {
  f0Min: 70,
  f0Max: 450,
  voicingThreshold: 0.5,
  silenceRms: 0.0005,
};

export interface PitchEstimate {
  /** F0 in Hz, 0 when unvoiced. */
  f0: number;
  /** Periodicity strength in 0..1 (the best normalised autocorrelation peak). */
  periodicity: number;
  voiced: boolean;
}

/**
 * Autocorrelation pitch tracker in the manner of Boersma (1993, Praat): the
 * autocorrelation of the windowed frame comes from its power spectrum (the
 * FFT the spectral features already needed, zero-padded to at least twice the
 * frame so it is not circular), is divided by the window's own
 * autocorrelation, and a peak in the F0 range gives F0 (parabolically
 * interpolated) and the voicing decision.
 */
export class PitchTracker {
  private readonly options: PitchOptions;
  private readonly fft: RealFft;
  private readonly windowAutocorrelation: Float64Array;
  private readonly autocorrelation: Float64Array;
  private readonly minLag: number;
  private readonly maxLag: number;

  constructor(fft: RealFft, window: Float64Array, options: PitchOptions) {
    this.options = options;
    this.fft = fft;
    this.minLag = Math.max(2, Math.floor(options.sampleRate / options.f0Max));
    this.maxLag = Math.ceil(options.sampleRate / options.f0Min);
    if (fft.size < 2 * window.length) throw new Error('pitch needs an FFT at least twice the frame length');
    if (this.maxLag + 1 >= window.length) throw new Error(`frame too short for f0Min ${options.f0Min} Hz`);
    const windowPower = fft.powerSpectrum(window, new Float64Array(fft.bins));
    this.windowAutocorrelation = fft.autocorrelation(windowPower, new Float64Array(fft.bins));
    this.autocorrelation = new Float64Array(fft.bins);
  }

  /** `power` is the power spectrum of the windowed frame; `rms` its unwindowed RMS. */
  estimate(power: Float64Array, rms: number): PitchEstimate {
    const r = this.fft.autocorrelation(power, this.autocorrelation);
    const w = this.windowAutocorrelation;
    const r0 = r[0];
    if (!(r0 > 0) || rms < this.options.silenceRms) return { f0: 0, periodicity: 0, voiced: false };
    const normalised = (lag: number) => r[lag] / r0 / (w[lag] / w[0]);
    // McLeod's rule: of the peaks within 10 % of the highest, take the shortest
    // lag — sub-harmonic peaks (octave-down errors) are never much higher.
    let highest = 0;
    for (let lag = this.minLag; lag <= this.maxLag; lag++) {
      const value = normalised(lag);
      if (value > highest && value > normalised(lag - 1) && value >= normalised(lag + 1)) highest = value;
    }
    let bestLag = 0;
    let bestValue = 0;
    for (let lag = this.minLag; lag <= this.maxLag && highest > 0; lag++) {
      const value = normalised(lag);
      if (value >= 0.9 * highest && value > normalised(lag - 1) && value >= normalised(lag + 1)) {
        bestLag = lag;
        bestValue = value;
        break;
      }
    }
    if (bestLag === 0) return { f0: 0, periodicity: 0, voiced: false };
    const before = normalised(bestLag - 1);
    const after = normalised(bestLag + 1);
    const curvature = before - 2 * bestValue + after;
    const shift = curvature < 0 ? (0.5 * (before - after)) / curvature : 0;
    const periodicity = Math.min(1, Math.max(0, bestValue));
    const voiced = periodicity >= this.options.voicingThreshold;
    return { f0: voiced ? this.options.sampleRate / (bestLag + shift) : 0, periodicity, voiced };
  }
}
