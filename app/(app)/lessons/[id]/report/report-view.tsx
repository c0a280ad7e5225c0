'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { Emotion } from '@/lib/analysis/emotions';
import { clock, defaultExpressions, EXPRESSION_COLOURS } from '@/lib/reports/charts';
import { SMOOTHING_WINDOWS_S, type SmoothingWindow } from '@/lib/reports/smoothing';
import { GROUPS, type ReportData } from '@/lib/reports/report-data';
import { sourcesSentence } from '@/lib/reports/wording';
import { wordingFor } from '@/lib/wording';
import { DistributionChart, ExpressionChart, TalkBand, TalkDonut, VisibleStudentsChart, VoiceBands } from './report-charts';

export type Playback = { src: string; kind: 'video' | 'audio'; type: string; blurred: boolean } | null;

/** The recording beside the charts: the playhead follows the player, and a click (or the keyboard) on a chart or a key moment seeks it. */
export function ReportView({ data, playback, playbackNote }: { data: ReportData; playback: Playback; playbackNote: string | null }) {
  const wording = wordingFor(data.wording);
  const player = useRef<HTMLVideoElement & HTMLAudioElement>(null);
  const [current, setCurrent] = useState(0);
  const [expressions, setExpressions] = useState<Emotion[]>(() => defaultExpressions(data));
  const [windowS, setWindowS] = useState<SmoothingWindow>(30);

  const seek = useCallback(
    (seconds: number) => {
      const t = Math.min(data.durationS, Math.max(0, seconds));
      setCurrent(t);
      if (player.current) player.current.currentTime = t;
    },
    [data.durationS],
  );

  useEffect(() => {
    const element = player.current;
    if (!element) return;
    let frame = 0;
    const follow = () => {
      setCurrent(element.currentTime);
      if (!element.paused) frame = requestAnimationFrame(follow);
    };
    const onPlay = () => (frame = requestAnimationFrame(follow));
    const onTime = () => setCurrent(element.currentTime);
    element.addEventListener('play', onPlay);
    element.addEventListener('seeked', onTime);
    element.addEventListener('timeupdate', onTime);
    return () => {
      cancelAnimationFrame(frame);
      element.removeEventListener('play', onPlay);
      element.removeEventListener('seeked', onTime);
      element.removeEventListener('timeupdate', onTime);
    };
  }, []);

  const toggle = (e: Emotion) => setExpressions((list) => (list.includes(e) ? list.filter((x) => x !== e) : [...list, e]));

  return (
    <div className="grid gap-6 lg:grid-cols-12">
      <div className="lg:col-span-5">
        <div className="sticky top-2 z-10 space-y-4 bg-slate-50 pb-2 lg:top-4">
          {playback ? (
            playback.kind === 'video' ? (
              <video ref={player} controls preload="metadata" className="max-h-[40vh] w-full rounded-md bg-black lg:max-h-none" data-testid="report-player">
                <source src={playback.src} type={playback.type} />
              </video>
            ) : (
              <audio ref={player} controls preload="metadata" className="w-full" data-testid="report-player">
                <source src={playback.src} type={playback.type} />
              </audio>
            )
          ) : (
            <p className="rounded-md border border-dashed border-slate-300 p-4 text-sm text-slate-600">{playbackNote}</p>
          )}
          {playback?.blurred && <p className="text-xs text-slate-600" data-testid="blurred-note">Every face but the teacher’s is blurred in this copy of the recording.</p>}
          <p className="text-sm tabular-nums text-slate-600" aria-live="off">
            Playhead at <span data-testid="playhead">{clock(current)}</span> (min:s) of {clock(data.durationS)}
          </p>
        </div>
        <section className="mt-4 rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="moments-title">
          <h2 id="moments-title" className="mb-2 text-base font-semibold">
            Key moments
          </h2>
          {data.keyMoments.length === 0 ? (
            <p className="text-sm text-slate-600">No moment met the rules (see “How this is computed”).</p>
          ) : (
            <ol className="space-y-1" data-testid="key-moments">
              {data.keyMoments.map((m) => (
                <li key={`${m.kind}-${m.startS}`}>
                  <button
                    type="button"
                    onClick={() => seek(m.startS)}
                    className="flex w-full gap-3 rounded px-2 py-1.5 text-left text-sm hover:bg-brand-50 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600"
                  >
                    <span className="w-16 shrink-0 font-mono tabular-nums text-brand-700">{clock(m.startS)}</span>
                    <span>{m.reason}</span>
                  </button>
                </li>
              ))}
            </ol>
          )}
        </section>
      </div>

      <div className="min-w-0 space-y-6 lg:col-span-7">
        <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm" aria-labelledby="lines-title">
          <h2 id="lines-title" className="text-base font-semibold">
            {wording.nounPlural}: teacher and students
          </h2>
          <p className="mb-3 text-xs text-slate-600">Face and voice combined for each second (see “How this is computed”), averaged over the chosen window.</p>
          <div className="mb-3 flex flex-wrap items-center gap-x-6 gap-y-2">
            <fieldset className="flex flex-wrap gap-1">
              <legend className="sr-only">{wording.nounPlural} to show</legend>
              {wording.labels.map(({ id, label }) => {
                const on = expressions.includes(id);
                return (
                  <button
                    key={id}
                    type="button"
                    aria-pressed={on}
                    onClick={() => toggle(id)}
                    className={`inline-flex items-center gap-1.5 rounded-full border px-3 py-1 text-xs font-medium capitalize focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-600 ${on ? 'border-slate-700 bg-slate-800 text-white' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
                  >
                    <span className="inline-block h-2.5 w-2.5 rounded-full" style={{ background: EXPRESSION_COLOURS[id] }} aria-hidden />
                    {label}
                  </button>
                );
              })}
            </fieldset>
            <fieldset className="flex items-center gap-2 text-xs text-slate-700">
              <legend className="sr-only">Smoothing window</legend>
              <span aria-hidden>Average over</span>
              {SMOOTHING_WINDOWS_S.map((w) => (
                <label key={w} className="inline-flex items-center gap-1">
                  <input type="radio" name="smoothing" value={w} checked={windowS === w} onChange={() => setWindowS(w)} aria-label={`Average over ${w} seconds`} />
                  {w} s
                </label>
              ))}
            </fieldset>
          </div>
          <ExpressionChart data={data} expressions={expressions} windowS={windowS} current={current} onSeek={seek} />
          <div className="mt-4 space-y-2">
            <VoiceBands data={data} current={current} onSeek={seek} />
            <TalkBand data={data} current={current} onSeek={seek} />
          </div>
          <div className="mt-3 space-y-0.5 text-xs text-slate-600" data-testid="fusion-sources">
            {GROUPS.map((g) => (
              <p key={g}>{sourcesSentence(g, data.sources[g])}</p>
            ))}
          </div>
        </section>

        <div className="grid gap-6 md:grid-cols-5">
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:col-span-3">
            <h2 className="mb-2 text-base font-semibold">Strongest {wording.noun.toLowerCase()}</h2>
            <DistributionChart data={data} />
          </section>
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm md:col-span-2">
            <h2 className="mb-2 text-base font-semibold">Who spoke</h2>
            <TalkDonut data={data} />
          </section>
        </div>

        {data.indicators.visibleStudents && (
          <section className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            <h2 className="mb-2 text-base font-semibold">Students visible over the lesson</h2>
            <VisibleStudentsChart data={data} windowS={windowS} current={current} onSeek={seek} />
          </section>
        )}
      </div>
    </div>
  );
}
