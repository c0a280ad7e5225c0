'use client';

import { ResponsiveLine } from '@nivo/line';
import { useEffect, useState } from 'react';

/**
 * The charts draw in the browser only: the tables under them carry the same
 * numbers in the server's HTML, and drawing 300 cells and a line per class
 * on the server would cost the page most of its time.
 */
export function useMounted(): boolean {
  const [mounted, setMounted] = useState(false);
  useEffect(() => setMounted(true), []);
  return mounted;
}

export const CHART_THEME = {
  text: { fontSize: 12, fill: '#334155' },
  axis: { legend: { text: { fontSize: 12, fill: '#334155' } } },
  grid: { line: { stroke: '#e2e8f0' } },
};

const PALETTE = ['#2563eb', '#db2777', '#16a34a', '#ea580c', '#7c3aed', '#0891b2', '#ca8a04', '#dc2626', '#4f46e5', '#059669'];
const lineColour = (index: number, mean: boolean) => (mean ? '#0f172a' : PALETTE[index % PALETTE.length]);

export type TrendSeries = { id: string; data: { x: string; y: number | null }[] };

/** One line per class and the department mean (dashed), over the weeks. */
export function TrendLines({ series, unit, range, meanId }: { series: TrendSeries[]; unit: string; range: [number, number]; meanId: string }) {
  const mounted = useMounted();
  const weeks = series[0]?.data.length ?? 0;
  const every = Math.max(1, Math.ceil(weeks / 8));
  return (
    <div>
    <ul className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700" aria-hidden>
      {series.map((s, i) => (
        <li key={s.id} className="flex items-center gap-1">
          <span className="inline-block h-0.5 w-5" style={{ background: lineColour(i, s.id === meanId), borderTop: s.id === meanId ? '2px dashed #0f172a' : undefined }} />
          {s.id}
        </li>
      ))}
    </ul>
    <div className="h-72" aria-hidden>
      {mounted && <ResponsiveLine
        data={series}
        theme={CHART_THEME}
        margin={{ top: 10, right: 20, bottom: 70, left: 50 }}
        xScale={{ type: 'point' }}
        yScale={{ type: 'linear', min: range[0], max: range[1] }}
        axisBottom={{ tickRotation: -45, tickValues: series[0]?.data.filter((_, i) => i % every === 0).map((d) => d.x) }}
        axisLeft={{ legend: unit, legendOffset: -40, legendPosition: 'middle' }}
        colors={(s) => lineColour(series.findIndex((x) => x.id === s.id), s.id === meanId)}
        lineWidth={2}
        pointSize={5}
        enableSlices="x"
        animate={false}
        layers={[
          'grid',
          'axes',
          ({ series: computed, lineGenerator }) =>
            computed.map((s) => (
              <path
                key={s.id}
                d={lineGenerator(s.data.map((d) => d.position)) ?? ''}
                fill="none"
                stroke={s.color}
                strokeWidth={s.id === meanId ? 3 : 2}
                strokeDasharray={s.id === meanId ? '6 4' : undefined}
              />
            )),
          'points',
          'slices',
        ]}
      />}
    </div>
    </div>
  );
}
