/** Timing pages over loopback for the `bench:*` scripts: a first request, two warm-ups, then REQUESTS timed ones. */
const REQUESTS = 40;

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function timeRequests(url: string, cookie: string): Promise<{ first: number; p50: number; p95: number; bytes: number }> {
  let bytes = 0;
  const firstStarted = performance.now();
  await (await fetch(url, { headers: { Cookie: cookie } })).arrayBuffer();
  const first = Math.round(performance.now() - firstStarted);
  for (let i = 0; i < 2; i++) await (await fetch(url, { headers: { Cookie: cookie } })).arrayBuffer();
  const times: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    const started = performance.now();
    const response = await fetch(url, { headers: { Cookie: cookie } });
    bytes = (await response.arrayBuffer()).byteLength;
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    times.push(performance.now() - started);
  }
  return { first, p50: Math.round(percentile(times, 50)), p95: Math.round(percentile(times, 95)), bytes };
}

