'use client';

import { useRef, useState } from 'react';
import { buttonClass, formatBytes } from '@/app/_components/ui';

type UploadState =
  | { phase: 'idle' }
  | { phase: 'sending'; name: string; sent: number; total: number }
  | { phase: 'checking'; name: string }
  | { phase: 'error'; message: string };

/** Drag-and-drop or pick a file; sends it as the raw request body so the server can stream it to storage. */
export function Uploader({ lessonId, maxUploadBytes, onUploaded }: { lessonId: string; maxUploadBytes: number; onUploaded: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const [dragging, setDragging] = useState(false);
  const busy = state.phase === 'sending' || state.phase === 'checking';

  function upload(file: File) {
    if (file.size > maxUploadBytes) {
      setState({ phase: 'error', message: `The file is larger than the ${formatBytes(maxUploadBytes)} limit.` });
      return;
    }
    const request = new XMLHttpRequest();
    request.open('PUT', `/api/lessons/${lessonId}/media`);
    request.setRequestHeader('Content-Type', 'application/octet-stream');
    request.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
    request.upload.onprogress = (event) => setState({ phase: 'sending', name: file.name, sent: event.loaded, total: event.total || file.size });
    request.upload.onload = () => setState({ phase: 'checking', name: file.name });
    request.onload = () => {
      if (request.status === 201) {
        setState({ phase: 'idle' });
        onUploaded();
        return;
      }
      let message = 'The upload failed. Please try again.';
      try {
        message = (JSON.parse(request.responseText) as { error?: string }).error ?? message;
      } catch {}
      setState({ phase: 'error', message });
    };
    request.onerror = () => setState({ phase: 'error', message: 'The connection was lost during the upload. Please try again.' });
    setState({ phase: 'sending', name: file.name, sent: 0, total: file.size });
    request.send(file);
  }

  function onFiles(files: FileList | null) {
    const file = files?.[0];
    if (file) upload(file);
  }

  const percent = state.phase === 'sending' && state.total > 0 ? Math.round((state.sent / state.total) * 100) : 0;

  return (
    <div>
      <div
        onDragOver={(event) => {
          event.preventDefault();
          if (!busy) setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(event) => {
          event.preventDefault();
          setDragging(false);
          if (!busy) onFiles(event.dataTransfer.files);
        }}
        className={`flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed px-6 py-10 text-center transition ${
          dragging ? 'border-brand-600 bg-brand-50' : 'border-slate-300 bg-slate-50'
        }`}
      >
        <p className="text-sm text-slate-700">Drag the lesson recording here, or</p>
        <button type="button" className={buttonClass} disabled={busy} onClick={() => input.current?.click()}>
          Choose a file
        </button>
        <input
          ref={input}
          type="file"
          accept="video/*,audio/*"
          className="sr-only"
          aria-label="Lesson recording"
          data-testid="upload-input"
          onChange={(event) => {
            onFiles(event.currentTarget.files);
            event.currentTarget.value = '';
          }}
        />
        <p className="text-xs text-slate-500">Video or audio, up to {formatBytes(maxUploadBytes)}. Analysis starts by itself.</p>
      </div>
      {state.phase === 'sending' && (
        <div className="mt-4" aria-live="polite">
          <div className="mb-1 flex justify-between text-sm text-slate-600">
            <span className="truncate">Uploading {state.name}</span>
            <span className="tabular-nums">
              {formatBytes(state.sent)} of {formatBytes(state.total)} ({percent}%)
            </span>
          </div>
          <div role="progressbar" aria-label="Upload progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={percent} className="h-2 overflow-hidden rounded-full bg-slate-100">
            <div className="h-full rounded-full bg-brand-600 transition-all" style={{ width: `${percent}%` }} />
          </div>
        </div>
      )}
      {state.phase === 'checking' && (
        <p className="mt-4 text-sm text-slate-600" aria-live="polite">
          Checking {state.name}…
        </p>
      )}
      {state.phase === 'error' && (
        <p role="alert" className="mt-4 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      )}
    </div>
  );
}
