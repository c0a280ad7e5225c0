'use client';

import { useRouter } from 'next/navigation';
import { useActionState, useCallback, useEffect, useState } from 'react';
import { cancelAction, rerunAction } from '@/app/actions/lessons';
import { Card, FormMessage, formatBytes, formatDate, formatDuration, secondaryButtonClass, StatusBadge } from '@/app/_components/ui';
import type { LessonStatusView, StageView } from '@/lib/lessons/status';
import { Uploader } from './uploader';

const POLL_MS = 1500;

function isActive(view: LessonStatusView): boolean {
  return view.run?.status === 'queued' || view.run?.status === 'running';
}

/** The recording, its analysis progress and its facts, kept up to date without a reload while a run is active. */
export function LessonLive({ lessonId, initial, canChange, maxUploadBytes }: { lessonId: string; initial: LessonStatusView; canChange: boolean; maxUploadBytes: number }) {
  const router = useRouter();
  const [view, setView] = useState(initial);
  const [polling, setPolling] = useState(isActive(initial));

  const refresh = useCallback(async () => {
    const response = await fetch(`/api/lessons/${lessonId}/status`, { cache: 'no-store' });
    if (!response.ok) return;
    const next = (await response.json()) as LessonStatusView;
    setView(next);
    if (!isActive(next)) {
      setPolling(false);
      router.refresh();
    }
  }, [lessonId, router]);

  useEffect(() => {
    if (!polling) return;
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [polling, refresh]);

  const startWatching = useCallback(() => {
    setPolling(true);
    router.refresh();
    void refresh();
  }, [refresh, router]);

  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-6 lg:col-span-2">
        {canChange && !isActive(view) && (
          <Card title={view.media ? 'Replace the recording' : 'Upload the recording'}>
            <Uploader lessonId={lessonId} maxUploadBytes={maxUploadBytes} onUploaded={startWatching} />
          </Card>
        )}
        <AnalysisCard lessonId={lessonId} view={view} canChange={canChange} onChange={startWatching} />
      </div>
      <MediaCard lessonId={lessonId} view={view} />
    </div>
  );
}

const STAGE_ICONS: Record<StageView['status'], string> = {
  waiting: '○',
  queued: '○',
  running: '◔',
  done: '✓',
  failed: '✕',
  skipped: '–',
  cancelled: '⊘',
};

/** "about 40 s left", "about 3 min left": an estimate, said as one. */
function timeLeft(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(5, Math.round(seconds / 5) * 5)} s left`;
  return `about ${Math.round(seconds / 60)} min left`;
}

function AnalysisCard({ lessonId, view, canChange, onChange }: { lessonId: string; view: LessonStatusView; canChange: boolean; onChange: () => void }) {
  const [rerunState, rerun, rerunPending] = useActionState(rerunAction, null);
  const [cancelState, cancel, cancelPending] = useActionState(cancelAction, null);
  useEffect(() => {
    if (rerunState?.ok || cancelState?.ok) onChange();
  }, [rerunState, cancelState, onChange]);

  const run = view.run;
  if (!run) {
    return (
      <Card title="Analysis">
        <p className="text-sm text-slate-600">
          {view.media ? 'No analysis has run yet.' : 'Once a recording is uploaded, its analysis starts on its own and you can follow it here.'}
        </p>
      </Card>
    );
  }
  const active = run.status === 'queued' || run.status === 'running';
  const running = run.stages.filter((s) => s.status === 'running');
  return (
    <Card title="Analysis">
      <div className="mb-3 flex items-center justify-between gap-2">
        <div className="flex items-center gap-2">
          <StatusBadge status={run.status} />
          {active && <span className="text-sm text-slate-600">{running.length ? running.map((s) => s.label).join(' · ') : 'Waiting for a worker'}…</span>}
        </div>
        <span className="text-sm tabular-nums text-slate-600" data-testid="run-progress">
          {run.progress}%
        </span>
      </div>
      <div
        role="progressbar"
        aria-label="Analysis progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={run.progress}
        className="h-2 w-full overflow-hidden rounded-full bg-slate-100"
      >
        <div className={`h-full rounded-full transition-all ${run.status === 'failed' ? 'bg-red-500' : 'bg-brand-600'}`} style={{ width: `${run.progress}%` }} />
      </div>
      <ol className="mt-4 space-y-1 text-sm" aria-label="Stages">
        {run.stages.map((stage) => (
          <li key={stage.name} className="flex items-center justify-between gap-3" data-stage={stage.name} data-status={stage.status}>
            <span className={stage.status === 'failed' ? 'text-red-700' : stage.status === 'done' ? 'text-slate-800' : 'text-slate-500'}>
              <span aria-hidden className="mr-2 inline-block w-4 text-center">
                {STAGE_ICONS[stage.status]}
              </span>
              {stage.label}
              <span className="sr-only"> ({stage.status})</span>
            </span>
            {stage.status === 'running' ? (
              <span className="shrink-0 tabular-nums text-slate-500" data-testid={`stage-progress-${stage.name}`}>
                {Math.floor(stage.fraction * 100)} %{stage.secondsLeft !== null && ` · ${timeLeft(stage.secondsLeft)}`}
              </span>
            ) : (
              stage.ms !== null && <span className="tabular-nums text-slate-400">{(stage.ms / 1000).toFixed(1)} s</span>
            )}
          </li>
        ))}
      </ol>
      {view.earlierResults && (
        <p className="mt-4 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="earlier-results">
          The results below are from the earlier analysis{view.earlierResults.finishedAt ? ` of ${formatDate(new Date(view.earlierResults.finishedAt))}` : ''}.
          {active ? ' They stay until this one finishes.' : ' This analysis did not finish, so they stay.'}
        </p>
      )}
      {run.error && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {run.error}
        </p>
      )}
      {run.notes.length > 0 && (
        <ul className="mt-4 space-y-1 text-sm text-slate-600">
          {run.notes.map((note) => (
            <li key={note}>ℹ︎ {note}</li>
          ))}
        </ul>
      )}
      {canChange && (
        <div className="mt-4 flex flex-wrap gap-2">
          {active ? (
            <form action={cancel}>
              <input type="hidden" name="lessonId" value={lessonId} />
              <button type="submit" className={secondaryButtonClass} disabled={cancelPending}>
                Cancel analysis
              </button>
            </form>
          ) : (
            <form action={rerun}>
              <input type="hidden" name="lessonId" value={lessonId} />
              <button type="submit" className={secondaryButtonClass} disabled={rerunPending}>
                Run analysis again
              </button>
            </form>
          )}
          <FormMessage state={rerunState?.error ? rerunState : cancelState?.error ? cancelState : null} />
        </div>
      )}
    </Card>
  );
}

function Fact({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="flex justify-between gap-4 py-1.5">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-right font-medium text-slate-800">{value}</dd>
    </div>
  );
}

function MediaCard({ lessonId, view }: { lessonId: string; view: LessonStatusView }) {
  const media = view.media;
  return (
    <Card title="Recording">
      {!media ? (
        <p className="text-sm text-slate-600">No recording yet.</p>
      ) : (
        <>
          {media.hasPoster && (
            // eslint-disable-next-line @next/next/no-img-element
            <img src={`/api/lessons/${lessonId}/poster?run=${view.run?.id ?? ''}`} alt="A still from the recording" className="mb-4 w-full rounded-md border border-slate-200" />
          )}
          <dl className="divide-y divide-slate-100 text-sm" data-testid="media-facts">
            <Fact label="File" value={<span className="break-all">{media.originalName}</span>} />
            <Fact label="Length" value={formatDuration(media.durationSeconds)} />
            <Fact label="Size" value={formatBytes(media.sizeBytes)} />
            <Fact
              label="Picture"
              value={
                media.video
                  ? `${media.video.displayWidth}×${media.video.displayHeight}${media.video.frameRate ? ` at ${media.video.frameRate.toFixed(2)} frames/s` : ''}${media.video.rotation ? `, turned ${media.video.rotation}°` : ''}`
                  : 'none'
              }
            />
            <Fact label="Sound" value={media.audio ? `${media.audio.sampleRate / 1000} kHz, ${media.audio.channels === 1 ? 'mono' : media.audio.channels === 2 ? 'stereo' : `${media.audio.channels} channels`}` : 'none'} />
          </dl>
        </>
      )}
    </Card>
  );
}
