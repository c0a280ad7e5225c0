'use client';

import { ResponsiveHeatMap } from '@nivo/heatmap';
import { useRouter } from 'next/navigation';
import { CHART_THEME as THEME, useMounted } from '@/app/_components/trend-lines';

export type HeatRow = { id: string; classId: string; data: { x: string; y: number | null; weekStart: string; note: string | null }[] };

/** Class × week for one indicator; a cell opens that week's shared lessons of the class. */
export function TrendHeatMap({ rows, unit, range, diverging, cellHref }: { rows: HeatRow[]; unit: string; range: [number, number]; diverging: boolean; cellHref: Record<string, string> }) {
  const router = useRouter();
  const mounted = useMounted();
  const weeks = rows[0]?.data.length ?? 0;
  return (
    <div className="overflow-x-auto">
      <div style={{ height: 110 + rows.length * 34, minWidth: Math.max(300, 130 + weeks * 26) }} aria-hidden data-testid="heatmap">
        {mounted && <ResponsiveHeatMap
          data={rows}
          theme={THEME}
          margin={{ top: 50, right: 10, bottom: 60, left: 110 }}
          valueFormat={(v) => `${v}${unit}`}
          axisTop={{ tickRotation: -60, tickSize: 3, tickPadding: 3 }}
          axisLeft={{ tickSize: 3, tickPadding: 5 }}
          colors={diverging ? { type: 'diverging', scheme: 'red_yellow_blue', minValue: range[0], maxValue: range[1], divergeAt: 0.5 } : { type: 'sequential', scheme: 'blues', minValue: range[0], maxValue: range[1] }}
          emptyColor="#e2e8f0"
          enableLabels={false}
          xInnerPadding={0.05}
          yInnerPadding={0.08}
          borderRadius={2}
          animate={false}
          legends={[
            {
              anchor: 'bottom-left',
              translateY: 45,
              length: 180,
              thickness: 8,
              direction: 'row',
              ticks: [range[0], (range[0] + range[1]) / 2, range[1]],
              tickPosition: 'after',
              tickSize: 3,
              tickSpacing: 4,
              tickFormat: (v) => `${v}${unit}`,
              title: 'Colour scale',
              titleAlign: 'start',
              titleOffset: 4,
            },
          ]}
          onClick={(cell) => {
            const href = cellHref[cell.id];
            if (href) router.push(href, { scroll: false });
          }}
          tooltip={({ cell }) => (
            <div className="rounded bg-white px-2 py-1 text-xs shadow ring-1 ring-slate-200">
              <strong>{cell.serieId}</strong>, {cell.data.x}: {cell.data.note ?? (cell.value === null ? 'no lesson' : `${cell.formattedValue}`)}
            </div>
          )}
        />}
      </div>
    </div>
  );
}
