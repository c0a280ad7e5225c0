'use client';

import { ResponsiveBar } from '@nivo/bar';
import { ResponsiveLine, type LineCustomSvgLayerProps } from '@nivo/line';
import { ResponsivePie } from '@nivo/pie';
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { EMOTIONS, type Emotion } from '@/lib/analysis/emotions';
import {
  clock,
  distributionRows,
  EXPRESSION_COLOURS,
  expressionLines,
  GROUP_COLOURS,
  GROUP_LABELS,
  GROUP_POSSESSIVES,
  talkSegments,
  TALK_COLOURS,
  TALK_LABELS,
  talkSlices,
  TIME_MARGIN,
  timeTicks,
  visibleStudentsLine,
  type LineSeries,
} from '@/lib/reports/charts';
import { GROUPS, type Group, type ReportData } from '@/lib/reports/report-data';
import type { SmoothingWindow } from '@/lib/reports/smoothing';
import { wordingFor } from '@/lib/wording';

const THEME = {
  text: { fontSize: 12, fill: '#334155' },
  axis: { legend: { text: { fontSize: 12, fill: '#334155' } } },
  grid: { line: { stroke: '#e2e8f0' } },
  crosshair: { line: { stroke: '#0f172a', strokeOpacity: 0.5 } },
};

export type Seek = (seconds: number) => void;

const playheadMarker = (t: number) => [{ axis: 'x' as const, value: t, lineStyle: { stroke: '#0f172a', strokeWidth: 2 }, legend: '' }];

/** Fewer time ticks on a phone, so the labels do not run into each other. */
function useTickCount(): number {
  const [count, setCount] = useState(6);
  useEffect(() => {
    const update = () => setCount(window.innerWidth < 640 ? 3 : 6);
    update();
    window.addEventListener('resize', update);
    return () => window.removeEventListener('resize', update);
  }, []);
  return count;
}

function timeAxis(durationS: number, ticks: number) {
  return { tickValues: timeTicks(durationS, ticks), format: (v: unknown) => clock(Number(v)), legend: 'lesson time (min:s)', legendOffset: 36, legendPosition: 'middle' as const };
}

/**
 * A time chart the keyboard can drive: it is a slider over the lesson
 * (←/→ 5 s, Page Up/Down 1 min, Home/End), so seeking never needs a mouse.
 */
export function TimeSlider({ label, current, durationS, onSeek, children }: { label: string; current: number; durationS: number; onSeek: Seek; children: ReactNode }) {
  const onKeyDown = (event: KeyboardEvent) => {
    const step = { ArrowLeft: -5, ArrowRight: 5, ArrowDown: -5, ArrowUp: 5, PageDown: -60, PageUp: 60 }[event.key];
    if (step !== undefined) onSeek(Math.min(durationS, Math.max(0, current + step)));
    else if (event.key === 'Home') onSeek(0);
    else if (event.key === 'End') onSeek(durationS);
    else return;
    event.preventDefault();
  };
  return (
    <div
      role="slider"
      tabIndex={0}
      aria-label={`${label}: move through the lesson`}
      aria-valuemin={0}
      aria-valuemax={Math.round(durationS)}
      aria-valuenow={Math.round(current)}
      aria-valuetext={clock(current)}
      onKeyDown={onKeyDown}
      className="rounded-md outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
    >
      {children}
    </div>
  );
}

/** The line layer drawing the students' lines dashed, so teacher and students stay apart without relying on colour. */
function DashedLines({ series, lineGenerator }: LineCustomSvgLayerProps<LineSeries>) {
  return (
    <g>
      {series.map((s) => (
        <path
          key={String(s.id)}
          // nivo's generator skips points whose y is null (gaps where nothing was read).
          d={lineGenerator(s.data.map((d) => ({ x: d.position.x, y: (d.data.y === null ? null : d.position.y) as number }))) ?? ''}
          fill="none"
          stroke={s.color}
          strokeWidth={s.group === 'students' ? 2.5 : 2}
          strokeDasharray={s.dashed ? '6 4' : undefined}
        />
      ))}
    </g>
  );
}

function HtmlLegend({ items }: { items: Array<{ label: string; colour: string; dashed?: boolean }> }) {
  return (
    <ul className="mt-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600">
      {items.map((item) => (
        <li key={item.label} className="inline-flex items-center gap-1.5">
          <svg width="22" height="8" aria-hidden>
            <line x1="1" y1="4" x2="21" y2="4" stroke={item.colour} strokeWidth="3" strokeDasharray={item.dashed ? '5 3' : undefined} />
          </svg>
          {item.label}
        </li>
      ))}
    </ul>
  );
}

function seekFromDatum(datum: unknown, onSeek: Seek) {
  const d = datum as { points?: Array<{ data: { x: number } }>; data?: { x: number } };
  const x = d.points?.[0]?.data.x ?? d.data?.x;
  if (typeof x === 'number') onSeek(x);
}

export function ExpressionChart({ data, expressions, windowS, current, onSeek }: { data: ReportData; expressions: Emotion[]; windowS: SmoothingWindow; current: number; onSeek: Seek }) {
  const wording = wordingFor(data.wording);
  const ticks = useTickCount();
  const series = expressionLines(data, expressions, windowS);
  const hasData = series.some((s) => s.data.some((p) => p.y !== null));
  return (
    <div>
      <TimeSlider label={`${wording.nounPlural} chart`} current={current} durationS={data.durationS} onSeek={onSeek}>
        <div className="h-72" data-testid="expression-chart">
          {!hasData ? (
            <p className="p-4 text-sm text-slate-600">Choose at least one {wording.noun.toLowerCase()} above; nothing to draw otherwise.</p>
          ) : (
            <ResponsiveLine
              data={series}
              margin={{ top: 12, right: TIME_MARGIN.right, bottom: 48, left: TIME_MARGIN.left }}
              xScale={{ type: 'linear', min: 0, max: data.durationS }}
              yScale={{ type: 'linear', min: 0, max: 100 }}
              axisBottom={timeAxis(data.durationS, ticks)}
              axisLeft={{ tickValues: [0, 20, 40, 60, 80, 100], format: (v) => `${v}`, legend: 'estimate (%)', legendOffset: -44, legendPosition: 'middle' }}
              gridYValues={[0, 20, 40, 60, 80, 100]}
              colors={(s) => (s as unknown as LineSeries).color}
              layers={['grid', 'axes', DashedLines, 'markers', 'crosshair', 'slices']}
              markers={playheadMarker(current)}
              enablePoints={false}
              enableSlices="x"
              animate={false}
              onClick={(datum) => seekFromDatum(datum, onSeek)}
              sliceTooltip={({ slice }) => (
                <div className="rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow">
                  <p className="font-medium">{clock(Number(slice.points[0]?.data.x ?? 0))} (min:s)</p>
                  {slice.points.map((p) => (
                    <p key={p.id}>
                      <span style={{ color: p.seriesColor }}>■</span> {String(p.seriesId)}: {p.data.y === null ? 'not read' : `${Math.round(Number(p.data.y))} %`}
                    </p>
                  ))}
                </div>
              )}
              theme={THEME}
            />
          )}
        </div>
      </TimeSlider>
      <HtmlLegend
        items={[
          ...expressions.map((e) => ({ label: wording.label(e), colour: EXPRESSION_COLOURS[e] })),
          { label: 'teacher: solid line', colour: '#475569' },
          { label: 'students: dashed line', colour: '#475569', dashed: true },
        ]}
      />
    </div>
  );
}

/**
 * Coloured stretches on the lesson's time axis, with the same left and right
 * margins as the charts above so the times line up; a click seeks there.
 */
function Band({ label, durationS, segments, current, onSeek, describe }: { label: string; durationS: number; segments: Array<[number, number, string]>; current: number; onSeek: Seek; describe: (t: number) => string }) {
  const span = Math.max(1, durationS);
  return (
    <div className="flex items-center" style={{ paddingLeft: TIME_MARGIN.left, paddingRight: TIME_MARGIN.right }}>
      <div className="relative w-full">
        <p className="mb-0.5 text-xs text-slate-600">{label}</p>
        <svg
          viewBox={`0 0 ${span} 1`}
          preserveAspectRatio="none"
          className="h-5 w-full cursor-pointer rounded-sm border border-slate-200"
          role="img"
          aria-label={label}
          onClick={(event) => {
            const box = event.currentTarget.getBoundingClientRect();
            onSeek(((event.clientX - box.left) / box.width) * span);
          }}
        >
          {segments.map(([a, b, colour]) => (
            <rect key={a} x={a} y={0} width={b - a + 0.01} height={1} fill={colour}>
              <title>{describe(a)}</title>
            </rect>
          ))}
          <line x1={current} x2={current} y1={0} y2={1} stroke="#0f172a" strokeWidth={Math.max(1, span / 400)} />
        </svg>
      </div>
    </div>
  );
}

export function TalkBand({ data, current, onSeek }: { data: ReportData; current: number; onSeek: Seek }) {
  const segments = talkSegments(data.timeline.talk);
  const coloured = segments.filter(([, , c]) => c !== ' ').map(([a, b, c]) => [a, b, TALK_COLOURS[c as Exclude<typeof c, ' '>]] as [number, number, string]);
  const at = (t: number) => segments.find(([a, b]) => t >= a && t < b);
  return (
    <div data-testid="talk-band">
      <Band
        label="Who speaks"
        durationS={data.durationS}
        segments={coloured}
        current={current}
        onSeek={onSeek}
        describe={(t) => {
          const s = at(t);
          return s ? `${clock(s[0])}–${clock(s[1])}: ${s[2] === ' ' ? 'no sound' : TALK_LABELS[s[2]]}` : '';
        }}
      />
      <ul className="mt-1 flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-600" style={{ paddingLeft: TIME_MARGIN.left }}>
        {(Object.keys(TALK_LABELS) as Array<keyof typeof TALK_LABELS>).map((code) => (
          <li key={code} className="inline-flex items-center gap-1.5">
            <span className="inline-block h-3 w-3 rounded-sm border border-slate-300" style={{ background: TALK_COLOURS[code] }} />
            {TALK_LABELS[code]}
          </li>
        ))}
      </ul>
      {/* The band as data, for screen readers and the tests: one row per stretch. */}
      <ol className="sr-only" data-testid="talk-segments">
        {segments
          .filter(([a, b, c]) => c !== ' ' && c !== '-' && b - a >= 2)
          .map(([a, b, c]) => (
            <li key={a} data-start={a} data-end={b} data-who={c}>
              {clock(a)} to {clock(b)}: {TALK_LABELS[c as Exclude<typeof c, ' '>]}
            </li>
          ))}
      </ol>
    </div>
  );
}

export function VoiceBands({ data, current, onSeek }: { data: ReportData; current: number; onSeek: Seek }) {
  const wording = wordingFor(data.wording);
  const { binS } = data.timeline.voiceBand;
  return (
    <div className="space-y-1">
      {GROUPS.map((group) => {
        const bins = data.timeline.voiceBand[group];
        const segments = bins.flatMap((bin, i) => (bin ? [[i * binS, (i + 1) * binS, EXPRESSION_COLOURS[EMOTIONS[bin[0]]]] as [number, number, string]] : []));
        if (segments.length === 0) {
          return (
            <p key={group} className="text-xs text-slate-600" style={{ paddingLeft: TIME_MARGIN.left }}>
              {GROUP_POSSESSIVES[group]} voice: too little speech to read its tone.
            </p>
          );
        }
        return (
          <Band
            key={group}
            label={`${GROUP_POSSESSIVES[group]} voice: strongest ${wording.noun.toLowerCase()}`}
            durationS={data.durationS}
            segments={segments}
            current={current}
            onSeek={onSeek}
            describe={(t) => {
              const bin = bins[Math.floor(t / binS)];
              return bin ? `${clock(t)}: ${wording.label(EMOTIONS[bin[0]])} (${bin[1]} %)` : '';
            }}
          />
        );
      })}
    </div>
  );
}

export function VisibleStudentsChart({ data, windowS, current, onSeek }: { data: ReportData; windowS: number; current: number; onSeek: Seek }) {
  const ticks = useTickCount();
  const points = visibleStudentsLine(data, windowS);
  const max = Math.max(1, ...points.map((p) => p.y ?? 0));
  return (
    <TimeSlider label="Students visible chart" current={current} durationS={data.durationS} onSeek={onSeek}>
      <div className="h-48">
        <ResponsiveLine
          data={[{ id: 'student faces visible', data: points }]}
          margin={{ top: 10, right: TIME_MARGIN.right, bottom: 48, left: TIME_MARGIN.left }}
          xScale={{ type: 'linear', min: 0, max: data.durationS }}
          yScale={{ type: 'linear', min: 0, max: Math.ceil(max) }}
          axisBottom={timeAxis(data.durationS, ticks)}
          axisLeft={{ tickValues: Math.min(5, Math.ceil(max) + 1), legend: 'faces', legendOffset: -44, legendPosition: 'middle' }}
          colors={[GROUP_COLOURS.students]}
          enablePoints={false}
          enableSlices="x"
          lineWidth={2}
          animate={false}
          markers={playheadMarker(current)}
          onClick={(datum) => seekFromDatum(datum, onSeek)}
          sliceTooltip={({ slice }) => (
            <div className="rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow">
              {clock(Number(slice.points[0]?.data.x ?? 0))} (min:s): {Number(slice.points[0]?.data.y ?? 0).toFixed(1)} student faces
            </div>
          )}
          theme={THEME}
        />
      </div>
    </TimeSlider>
  );
}

export function DistributionChart({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  const rows = distributionRows(data);

  const titleId = useId();
  return (
    <figure aria-labelledby={titleId}>
      <div className="h-64">
        <ResponsiveBar
          data={rows}
          keys={GROUPS.map((g) => GROUP_LABELS[g])}
          indexBy="expression"
          groupMode="grouped"
          margin={{ top: 10, right: 8, bottom: 64, left: TIME_MARGIN.left }}
          padding={0.25}
          colors={GROUPS.map((g) => GROUP_COLOURS[g])}
          axisBottom={{ tickRotation: -30, legend: '', legendOffset: 50 }}
          axisLeft={{ format: (v) => `${v}`, legend: '% of seconds', legendOffset: -44, legendPosition: 'middle', tickValues: 5 }}
          enableLabel={false}
          animate={false}
          tooltip={({ id, value, indexValue }) => (
            <div className="rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow">
              {id}: {indexValue} strongest in {Math.round(Number(value))} % of seconds
            </div>
          )}
          theme={THEME}
        />
      </div>
      <figcaption id={titleId} className="text-xs text-slate-600">
        How often each {wording.noun.toLowerCase()} was the strongest (face and voice combined), in % of the seconds with an estimate.
      </figcaption>
      <HtmlLegend items={GROUPS.map((g: Group) => ({ label: GROUP_LABELS[g], colour: GROUP_COLOURS[g] }))} />
    </figure>
  );
}

export function TalkDonut({ data }: { data: ReportData }) {
  const slices = talkSlices(data);
  if (!slices) return <p className="text-sm text-slate-600">The recording has no sound track.</p>;
  return (
    <figure>
      <div className="h-56" role="img" aria-label={slices.map((s) => `${s.id} ${Math.round(s.value)} %`).join(', ')}>
        <ResponsivePie
          data={slices.filter((s) => s.value > 0)}
          margin={{ top: 12, right: 12, bottom: 12, left: 12 }}
          innerRadius={0.55}
          padAngle={0.5}
          colors={(d) => d.data.color}
          enableArcLinkLabels={false}
          arcLabel={(d) => (d.value >= 6 ? `${Math.round(d.value)} %` : '')}
          arcLabelsTextColor="#0f172a"
          animate={false}
          tooltip={({ datum }) => (
            <div className="rounded border border-slate-200 bg-white px-2 py-1 text-xs shadow">
              {datum.id}: {Math.round(datum.value)} % of the lesson
            </div>
          )}
          theme={THEME}
        />
      </div>
      <ul className="mt-1 grid grid-cols-2 gap-1 text-xs text-slate-600">
        {slices.map((s) => (
          <li key={s.id} className="inline-flex items-center gap-1.5">
            <span className="inline-block h-3 w-3 rounded-sm border border-slate-300" style={{ background: s.color }} />
            {s.id} {Math.round(s.value)} %
          </li>
        ))}
      </ul>
    </figure>
  );
}
