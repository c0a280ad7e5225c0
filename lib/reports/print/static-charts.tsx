import { Bar } from '@nivo/bar';
import { Line } from '@nivo/line';
import { Pie } from '@nivo/pie';
import { EMOTIONS } from '../../analysis/emotions';
import { wordingFor } from '../../wording';
import { clock, distributionRows, EXPRESSION_COLOURS, GROUP_COLOURS, GROUP_LABELS, GROUP_POSSESSIVES, talkSegments, TALK_COLOURS, TALK_LABELS, talkSlices, TIME_MARGIN, timeTicks, visibleStudentsLine } from '../charts';
import { printWindow } from '../smoothing';
import type { Group, ReportData } from '../report-data';

/**
 * The report's charts as static SVG for the print view (and so the PDF):
 * the same series and colours as the page, nivo without animation or
 * interaction, at a fixed width that fits A4 and Letter.
 */
export const PRINT_WIDTH = 660;
const THEME = { text: { fontSize: 10, fill: '#334155' }, axis: { legend: { text: { fontSize: 10, fill: '#334155' } } }, grid: { line: { stroke: '#e2e8f0' } } };


function timeAxis(durationS: number) {
  return { tickValues: timeTicks(durationS), format: (v: number | string | Date) => clock(Number(v)), legend: 'lesson time (min:s)', legendOffset: 30, legendPosition: 'middle' as const };
}

/** One group's expressions as stacked areas: how the combined estimate splits, minute by minute. */
export function ExpressionAreas({ data, group }: { data: ReportData; group: Group }) {
  const wording = wordingFor(data.wording);
  const curves = data.timeline.smoothed[String(printWindow(data.durationS))][group];
  const series = EMOTIONS.map((emotion, index) => ({ id: wording.label(emotion), data: data.timeline.sampleS.map((x, k) => ({ x, y: curves[index][k] })) }));
  if (!series.some((s) => s.data.some((p) => p.y !== null))) return <p className="muted">{GROUP_LABELS[group]}: nothing was read.</p>;
  return (
    <Line
      width={PRINT_WIDTH}
      height={150}
      data={series}
      animate={false}
      isInteractive={false}
      margin={{ top: 8, right: 130, bottom: 40, left: TIME_MARGIN.left }}
      xScale={{ type: 'linear', min: 0, max: data.durationS }}
      yScale={{ type: 'linear', min: 0, max: 100, stacked: true }}
      colors={EMOTIONS.map((e) => EXPRESSION_COLOURS[e])}
      enableArea
      areaOpacity={0.85}
      areaBlendMode="normal"
      lineWidth={0}
      enablePoints={false}
      curve="monotoneX"
      axisBottom={timeAxis(data.durationS)}
      axisLeft={{ tickValues: [0, 25, 50, 75, 100], format: (v) => `${v} %`, legend: `${GROUP_LABELS[group]} (%)`, legendOffset: -46, legendPosition: 'middle' }}
      gridYValues={[0, 25, 50, 75, 100]}
      legends={[{ anchor: 'right', direction: 'column', translateX: 120, itemWidth: 110, itemHeight: 14, symbolSize: 10, itemTextColor: '#334155' }]}
      theme={THEME}
    />
  );
}

/** A row of coloured segments on the same time axis as the charts above (same left and right margins). */
function Band({ label, durationS, segments }: { label: string; durationS: number; segments: Array<[number, number, string]> }) {
  const inner = PRINT_WIDTH - TIME_MARGIN.left - 130;
  const x = (t: number) => TIME_MARGIN.left + (inner * t) / Math.max(1, durationS);
  return (
    <svg width={PRINT_WIDTH} height={18} role="img" aria-label={label}>
      <text x={TIME_MARGIN.left + inner + 8} y={12} fontSize={9} fill="#334155">
        {label}
      </text>
      <rect x={x(0)} y={2} width={inner} height={12} fill="#ffffff" stroke="#cbd5e1" strokeWidth={0.5} />
      {segments.map(([a, b, colour]) => (
        <rect key={a} x={x(a)} y={2} width={Math.max(0.5, x(b) - x(a))} height={12} fill={colour} />
      ))}
    </svg>
  );
}

export function TalkBand({ data }: { data: ReportData }) {
  const segments = talkSegments(data.timeline.talk)
    .filter(([, , code]) => code !== ' ')
    .map(([a, b, code]) => [a, b, TALK_COLOURS[code as Exclude<typeof code, ' '>]] as [number, number, string]);
  return <Band label="Who speaks" durationS={data.durationS} segments={segments} />;
}

export function VoiceBand({ data, group }: { data: ReportData; group: Group }) {
  const { binS } = data.timeline.voiceBand;
  const segments = data.timeline.voiceBand[group].flatMap((bin, i) => (bin ? [[i * binS, (i + 1) * binS, EXPRESSION_COLOURS[EMOTIONS[bin[0]]]] as [number, number, string]] : []));
  if (segments.length === 0) return <p className="muted">{GROUP_POSSESSIVES[group]} voice: too little speech to read its tone.</p>;
  return <Band label={`${GROUP_POSSESSIVES[group]} voice`} durationS={data.durationS} segments={segments} />;
}

export function Legend({ items }: { items: Array<[string, string]> }) {
  return (
    <p className="legend">
      {items.map(([label, colour]) => (
        <span key={label}>
          <i style={{ background: colour }} />
          {label}
        </span>
      ))}
    </p>
  );
}

export const talkLegend = () => (Object.keys(TALK_LABELS) as Array<keyof typeof TALK_LABELS>).map((code) => [TALK_LABELS[code], TALK_COLOURS[code]] as [string, string]);

export function VisibleStudents({ data }: { data: ReportData }) {
  const points = visibleStudentsLine(data, printWindow(data.durationS));
  const max = Math.max(1, ...points.map((p) => p.y ?? 0));
  return (
    <Line
      width={PRINT_WIDTH}
      height={120}
      data={[{ id: 'visible students', data: points }]}
      animate={false}
      isInteractive={false}
      margin={{ top: 8, right: 130, bottom: 40, left: TIME_MARGIN.left }}
      xScale={{ type: 'linear', min: 0, max: data.durationS }}
      yScale={{ type: 'linear', min: 0, max: Math.ceil(max) }}
      colors={[GROUP_COLOURS.students]}
      enablePoints={false}
      lineWidth={2}
      axisBottom={timeAxis(data.durationS)}
      axisLeft={{ tickValues: Math.min(5, Math.ceil(max) + 1), legend: 'student faces', legendOffset: -46, legendPosition: 'middle' }}
      theme={THEME}
    />
  );
}

export function DistributionBars({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  const rows = distributionRows(data);

  return (
    <Bar
      width={PRINT_WIDTH - 230}
      height={175}
      data={rows}
      keys={['Teacher', 'Students']}
      indexBy="expression"
      groupMode="grouped"
      animate={false}
      isInteractive={false}
      margin={{ top: 10, right: 10, bottom: 44, left: TIME_MARGIN.left }}
      colors={[GROUP_COLOURS.teacher, GROUP_COLOURS.students]}
      axisBottom={{ legend: `strongest ${wording.noun.toLowerCase()}`, legendOffset: 34, legendPosition: 'middle' }}
      axisLeft={{ format: (v) => `${v} %`, legend: '% of seconds', legendOffset: -46, legendPosition: 'middle', tickValues: 5 }}
      enableLabel={false}
      theme={THEME}
    />
  );
}

export function TalkDonut({ data }: { data: ReportData }) {
  const slices = talkSlices(data)?.filter((s) => s.value > 0);
  if (!slices) return null;
  return (
    <Pie
      width={200}
      height={170}
      data={slices}
      animate={false}
      isInteractive={false}
      innerRadius={0.55}
      margin={{ top: 20, right: 20, bottom: 20, left: 20 }}
      colors={(d) => d.data.color}
      enableArcLinkLabels={false}
      arcLabel={(d) => (d.value >= 6 ? `${Math.round(d.value)} %` : '')}
      arcLabelsTextColor="#111827"
      theme={THEME}
    />
  );
}
