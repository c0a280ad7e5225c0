'use client';

import { ResponsiveHeatMap } from '@nivo/heatmap';
import { useRouter } from 'next/navigation';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { CHART_THEME as THEME, TrendLines, useMounted } from '@/app/_components/trend-lines';
import { cellHref } from './cell-href';

/**
 * The chosen indicator's figures, sent to the browser once and in columns
 * (the server's tables carry the same numbers as HTML): both charts read
 * them from one context instead of each receiving its own copy per cell.
 */
export interface TrendChartData {
  classes: { id: string; name: string }[];
  /** Monday of each ISO week, YYYY-MM-DD, and its label on the axes. */
  weekStarts: string[];
  weekLabels: string[];
  /** values[class][week]; null where no shared lesson or withheld. */
  values: (number | null)[][];
  /** Why a cell is withheld, keyed `${class}.${week}` (indexes); only withheld cells. */
  withheld: Record<string, string>;
  /** Which cells have lessons (and so a drill-down), keyed like `withheld`. */
  lessonCells: string[];
  mean: (number | null)[];
  meanId: string;
  unit: string;
  axisLabel: string;
  range: [number, number];
  diverging: boolean;
  /** The dashboard's query string without the drill-down, '' or starting with '?'. */
  query: string;
}

const TrendData = createContext<TrendChartData | null>(null);

export function TrendChartsData({ data, children }: { data: TrendChartData; children: ReactNode }) {
  return <TrendData.Provider value={data}>{children}</TrendData.Provider>;
}

function useTrendData(): TrendChartData {
  const data = useContext(TrendData);
  if (!data) throw new Error('TrendChartsData must wrap the department charts');
  return data;
}

/** Class × week for one indicator; a cell opens that week's shared lessons of the class. */
export function TrendHeatMap() {
  const router = useRouter();
  const mounted = useMounted();
  const d = useTrendData();
  const unit = d.unit;
  const rows = useMemo(() => {
    const hasLessons = new Set(d.lessonCells);
    return d.classes.map((cls, c) => ({
      id: cls.name,
      data: d.weekLabels.map((x, w) => ({ x, y: d.values[c][w], note: d.withheld[`${c}.${w}`] ?? null, href: hasLessons.has(`${c}.${w}`) ? cellHref(d.query, cls.id, d.weekStarts[w]) : null })),
    }));
  }, [d]);
  return (
    <div className="overflow-x-auto">
      <div style={{ height: 110 + d.classes.length * 34, minWidth: Math.max(300, 130 + d.weekLabels.length * 26) }} aria-hidden data-testid="heatmap">
        {mounted && <ResponsiveHeatMap
          data={rows}
          theme={THEME}
          margin={{ top: 50, right: 10, bottom: 60, left: 110 }}
          valueFormat={(v) => `${v}${unit}`}
          axisTop={{ tickRotation: -60, tickSize: 3, tickPadding: 3 }}
          axisLeft={{ tickSize: 3, tickPadding: 5 }}
          colors={d.diverging ? { type: 'diverging', scheme: 'red_yellow_blue', minValue: d.range[0], maxValue: d.range[1], divergeAt: 0.5 } : { type: 'sequential', scheme: 'blues', minValue: d.range[0], maxValue: d.range[1] }}
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
              ticks: [d.range[0], (d.range[0] + d.range[1]) / 2, d.range[1]],
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
            if (cell.data.href) router.push(cell.data.href, { scroll: false });
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

/** One line per class and the department mean, from the same data as the heat map. */
export function DepartmentTrendLines() {
  const d = useTrendData();
  const series = useMemo(
    () => [
      ...d.classes.map((cls, c) => ({ id: cls.name, data: d.weekLabels.map((x, w) => ({ x, y: d.values[c][w] })) })),
      { id: d.meanId, data: d.weekLabels.map((x, w) => ({ x, y: d.mean[w] })) },
    ],
    [d],
  );
  return <TrendLines series={series} unit={d.axisLabel} range={d.range} meanId={d.meanId} />;
}
