/**
 * Slowly varying noise floor of per-frame series: the 10th percentile of each
 * second, then the lowest of those over ±3 s (tracks slow noise changes,
 * ignores speech that fills a whole second). `values` holds `channels`
 * interleaved series (`values[f * channels + c]`); the result has the same layout.
 */
export function rollingFloor(values: ArrayLike<number>, count: number, framesPerSecond: number, channels = 1): Float32Array {
  const blocks = Math.ceil(count / framesPerSecond);
  const blockFloor = new Float32Array(blocks * channels);
  const sorted: number[] = [];
  for (let block = 0; block < blocks; block++) {
    for (let c = 0; c < channels; c++) {
      sorted.length = 0;
      for (let f = block * framesPerSecond; f < Math.min(count, (block + 1) * framesPerSecond); f++) sorted.push(values[f * channels + c]);
      sorted.sort((x, y) => x - y);
      blockFloor[block * channels + c] = sorted[Math.floor(sorted.length * 0.1)];
    }
  }
  const out = new Float32Array(count * channels);
  for (let f = 0; f < count; f++) {
    const block = Math.floor(f / framesPerSecond);
    for (let c = 0; c < channels; c++) {
      let lowest = Infinity;
      for (let k = Math.max(0, block - 3); k <= Math.min(blocks - 1, block + 3); k++) lowest = Math.min(lowest, blockFloor[k * channels + c]);
      out[f * channels + c] = lowest;
    }
  }
  return out;
}
