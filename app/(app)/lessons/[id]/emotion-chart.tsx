'use client';

import { ResponsiveLine } from '@nivo/line';
import { useState } from 'react';
import { EMOTIONS, type Emotion } from '@/lib/analysis/emotions';
import { SERIES, type ChartBin } from '@/lib/results/chart';
import { wordingFor, type WordingMode } from '@/lib/wording';
import { roundTo } from '@/lib/round';

const COLORS = ['#2563c9', '#16a34a', '#93b4ec', '#86d5a3'];
const SPEECH_COLORS = { teacher: '#2563c9', student: '#16a34a', overlap: '#d97706', none: '#e2e8f0' } as const;

function clock(seconds: number): string {
  const m = Math.floor(seconds / 60);
  return `${m}:${String(Math.round(seconds % 60)).padStart(2, '0')}`;
}

/** Teacher vs students over the lesson, for one chosen emotion (or expression, in the school's wording), from faces and from voices. */
export function EmotionChart({ bins, binSeconds, wordingMode }: { bins: ChartBin[]; binSeconds: number; wordingMode: WordingMode }) {
  const wording = wordingFor(wordingMode);
  const [emotion, setEmotion] = useState<Emotion>('happy');
  const index = EMOTIONS.indexOf(emotion);
  const data = SERIES.map((s) => ({
    id: s.label,
    data: bins.map((b) => ({ x: b.t, y: b.values[s.key] ? roundTo(b.values[s.key]![index], 3) : null })),
  })).filter((s) => s.data.some((d) => d.y !== null));
  const end = bins.length ? bins[bins.length - 1].t + binSeconds : 0;

  return (
    <div>
      <div role="radiogroup" aria-label={`${wording.noun} to show`} className="mb-3 flex flex-wrap gap-1">
        {wording.labels.map(({ id: e, label }) => (
          <button
            key={e}
            type="button"
            role="radio"
            aria-checked={e === emotion}
            onClick={() => setEmotion(e)}
            className={`rounded-full border px-3 py-1 text-xs font-medium capitalize ${e === emotion ? 'border-brand-600 bg-brand-600 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
          >
            {label}
          </button>
        ))}
      </div>
      {data.length === 0 ? (
        <p className="text-sm text-slate-600">No face or voice readings to chart.</p>
      ) : (
        <div className="h-72" data-testid="emotion-chart">
          <ResponsiveLine
            data={data}
            margin={{ top: 10, right: 20, bottom: 70, left: 44 }}
            xScale={{ type: 'linear', min: 0, max: end }}
            yScale={{ type: 'linear', min: 0, max: 1 }}
            axisBottom={{ format: (v) => clock(Number(v)), tickValues: 6, legend: 'lesson time (min:s)', legendOffset: 32, legendPosition: 'middle' }}
            axisLeft={{ tickValues: 5, format: '.0%', legend: `share ${wording.label(emotion)}`, legendOffset: -38, legendPosition: 'middle' }}
            colors={COLORS}
            curve="monotoneX"
            enablePoints={false}
            lineWidth={2}
            useMesh
            enableSlices="x"
            gridYValues={5}
            legends={[{ anchor: 'bottom', direction: 'row', translateY: 64, itemWidth: 130, itemHeight: 16, symbolSize: 10 }]}
            theme={{ text: { fontSize: 11, fill: '#475569' }, grid: { line: { stroke: '#e2e8f0' } } }}
          />
        </div>
      )}
      <div className="mt-2" aria-label="Who was speaking">
        <svg viewBox={`0 0 ${bins.length} 1`} preserveAspectRatio="none" className="h-4 w-full rounded" role="img" aria-label="Talk timeline: blue teacher, green students, amber both, grey silence">
          {bins.map((b, i) => (
            <rect key={b.t} x={i} y={0} width={1.02} height={1} fill={b.speech ? SPEECH_COLORS[b.speech] : '#f8fafc'} />
          ))}
        </svg>
        <p className="mt-1 flex flex-wrap gap-3 text-xs text-slate-500">
          {Object.entries(SPEECH_COLORS).map(([role, color]) => (
            <span key={role} className="inline-flex items-center gap-1">
              <span className="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: color }} />
              {role === 'none' ? 'silence' : role === 'student' ? 'students' : role}
            </span>
          ))}
        </p>
      </div>
    </div>
  );
}
