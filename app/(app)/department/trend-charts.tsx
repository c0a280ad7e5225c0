'use client';

import { ResponsiveHeatMap } from '@nivo/heatmap';
import { useRouter } from 'next/navigation';
import Link from 'next/link';
import { createContext, useContext, useMemo, type ReactNode } from 'react';
import { CHART_THEME as THEME, TrendLines, useMounted } from '@/app/_components/trend-lines';
import { cellHref } from './cell-href';

/**
 * The chosen indicator's figures, sent to the browser once and in columns:
 * both charts and both tables read them from one context. The tables are
 * rendered on the server into the page's HTML like any client component (for
 * screen readers and without JavaScript); as client components they cost the
 * page's data payload these columns instead of a second copy of 600 cells.
 */
export interface TrendChartData {
  classes: { id: string; name: string }[];
  /** Monday of each ISO week, YYYY-MM-DD, and its label on the axes. */
  weekStarts: string[];
  weekLabels: string[];
  /** ISO weeks, e.g. 2026-W02. */
  isoWeeks: string[];
  /** values[class][week]; null where no shared lesson or withheld. */
  values: (number | null)[][];
  /** Why a cell is withheld, keyed `${class}.${week}` (indexes); only withheld cells. */
  withheld: Record<string, string>;
  /** Which cells have lessons (and so a drill-down), keyed like `withheld`. */
  lessonCells: string[];
  mean: (number | null)[];
  meanId: string;
  /** The indicator's name, for the tables' captions. */
  label: string;
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

/** The tables style their cells from here rather than each of 600 cells carrying its own classes. */
const TABLE =
  'min-w-full text-left text-xs [&_thead_tr]:border-b [&_thead_tr]:border-slate-200 [&_thead_tr]:text-slate-500 [&_thead_th]:whitespace-nowrap [&_thead_th]:px-2 [&_thead_th]:py-1 [&_thead_th]:font-medium [&_tbody_tr]:border-b [&_tbody_tr]:border-slate-100 [&_tbody_th]:whitespace-nowrap [&_tbody_th]:py-1 [&_tbody_th]:pr-3 [&_tbody_th]:font-medium [&_tbody_th]:text-slate-800 [&_td]:px-2 [&_td]:py-1 [&_td]:text-slate-700 [&_td_a]:text-brand-700 [&_td_a:hover]:underline';

const Withheld = ({ note }: { note: string }) => <span className="text-amber-800">Withheld: {note}</span>;

/** The heat map's numbers: class (rows) × week (columns), each figure opening that week's lessons. */
export function HeatTable() {
  const d = useTrendData();
  const hasLessons = useMemo(() => new Set(d.lessonCells), [d]);
  const figure = (value: number | null) => (value === null ? '–' : `${value}${d.unit}`);
  return (
    <table className={TABLE} data-testid="heatmap-table">
      <caption className="sr-only">{d.label} per class (rows) and week (columns)</caption>
      <thead>
        <tr>
          <th scope="col">Class</th>
          {d.weekLabels.map((label, w) => (
            <th key={w} scope="col" title={d.isoWeeks[w]}>
              {label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {d.classes.map((cls, c) => (
          <tr key={cls.id}>
            <th scope="row">{cls.name}</th>
            {d.weekStarts.map((weekStart, w) => {
              const note = d.withheld[`${c}.${w}`];
              if (note) return <td key={w} data-suppressed="true"><Withheld note={note} /></td>;
              return <td key={w}>{hasLessons.has(`${c}.${w}`) && <Link href={cellHref(d.query, cls.id, weekStart)} scroll={false}>{figure(d.values[c][w])}</Link>}</td>;
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The trend lines' numbers: week (rows) × class and the department mean (columns). */
export function TrendTable() {
  const d = useTrendData();
  const figure = (value: number | null) => (value === null ? '' : `${value}${d.unit}`);
  return (
    <table className={TABLE} data-testid="trend-table">
      <caption className="sr-only">{d.label} per week (rows) for each class and the department mean (columns)</caption>
      <thead>
        <tr>
          <th scope="col">Week</th>
          {d.classes.map((cls) => (
            <th key={cls.id} scope="col">
              {cls.name}
            </th>
          ))}
          <th scope="col">{d.meanId}</th>
        </tr>
      </thead>
      <tbody>
        {d.isoWeeks.map((week, w) => (
          <tr key={week}>
            <th scope="row">
              {week} <span className="font-normal text-slate-500">({d.weekLabels[w]})</span>
            </th>
            {d.classes.map((cls, c) => {
              const note = d.withheld[`${c}.${w}`];
              return <td key={cls.id}>{note ? <Withheld note={note} /> : figure(d.values[c][w])}</td>;
            })}
            <td>{figure(d.mean[w])}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
