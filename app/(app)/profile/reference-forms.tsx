'use client';

import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { buttonClass, FormMessage, secondaryButtonClass } from '@/app/_components/ui';

type Status = { error?: string; message?: string; busy?: boolean };

function StatusLine({ status }: { status: Status }) {
  if (status.busy) return <p className="mt-3 text-sm text-slate-600" aria-live="polite">Working…</p>;
  return (
    <div className="mt-3">
      <FormMessage state={status} />
    </div>
  );
}

async function send(url: string, init: RequestInit, done = 'Saved.'): Promise<Status> {
  const response = await fetch(url, init);
  const body = (await response.json().catch(() => ({}))) as { error?: string };
  return response.ok ? { message: done } : { error: body.error ?? 'Something went wrong. Please try again.' };
}

const RECEIVED = 'Received. It is being processed; this page updates when it is done.';

/** Reloads the page's data every couple of seconds while a photo or sample is being turned into a template by a worker. */
export function RefreshWhilePending({ pending }: { pending: boolean }) {
  const router = useRouter();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => router.refresh(), 1500);
    return () => clearInterval(timer);
  }, [pending, router]);
  return null;
}

export function FacePhotosForm({ enrolled, max }: { enrolled: number; max: number }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>({});
  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus({ busy: true });
    setStatus(await send('/api/profile/face-photos', { method: 'POST', body: new FormData(event.currentTarget) }, RECEIVED));
    router.refresh();
  }
  async function onClear() {
    setStatus({ busy: true });
    setStatus(await send('/api/profile/face-photos', { method: 'DELETE' }));
    router.refresh();
  }
  return (
    <form onSubmit={onSubmit} className="space-y-3">
      <label className="block text-sm font-medium text-slate-700" htmlFor="photos">
        Photos of your face
      </label>
      <input id="photos" name="photos" type="file" accept="image/jpeg,image/png" multiple required disabled={enrolled >= max} className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-700 hover:file:bg-slate-200" />
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input type="checkbox" name="keep" /> Also keep the photos (not only the descriptors)
      </label>
      <div className="flex gap-2">
        <button type="submit" className={buttonClass} disabled={status.busy || enrolled >= max}>
          Enrol photos
        </button>
        {enrolled > 0 && (
          <button type="button" className={secondaryButtonClass} onClick={onClear} disabled={status.busy}>
            Remove all
          </button>
        )}
      </div>
      <StatusLine status={status} />
    </form>
  );
}

export function VoiceSampleForm({ enrolled }: { enrolled: boolean }) {
  const router = useRouter();
  const [status, setStatus] = useState<Status>({});
  const [recording, setRecording] = useState(false);
  const recorder = useRef<MediaRecorder | null>(null);

  async function upload(body: Blob) {
    setStatus({ busy: true });
    setStatus(await send('/api/profile/voice-sample', { method: 'POST', body, headers: { 'Content-Type': 'application/octet-stream' } }, RECEIVED));
    router.refresh();
  }

  async function toggleRecording() {
    if (recording) {
      recorder.current?.stop();
      return;
    }
    try {
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      const chunks: Blob[] = [];
      const media = new MediaRecorder(stream);
      media.ondataavailable = (e) => chunks.push(e.data);
      media.onstop = () => {
        stream.getTracks().forEach((t) => t.stop());
        setRecording(false);
        void upload(new Blob(chunks, { type: media.mimeType }));
      };
      recorder.current = media;
      media.start();
      setRecording(true);
      setStatus({ message: 'Recording… read aloud for 20–60 seconds, then press Stop.' });
    } catch {
      setStatus({ error: 'The microphone could not be opened. You can upload a recording instead.' });
    }
  }

  async function onClear() {
    setStatus({ busy: true });
    setStatus(await send('/api/profile/voice-sample', { method: 'DELETE' }));
    router.refresh();
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap gap-2">
        <button type="button" className={buttonClass} onClick={toggleRecording} disabled={status.busy}>
          {recording ? 'Stop and save' : 'Record in the browser'}
        </button>
        {enrolled && (
          <button type="button" className={secondaryButtonClass} onClick={onClear} disabled={status.busy || recording}>
            Remove voice
          </button>
        )}
      </div>
      <label className="block text-sm text-slate-700" htmlFor="voice-file">
        …or upload a recording
      </label>
      <input
        id="voice-file"
        type="file"
        accept="audio/*,video/*"
        className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium file:text-slate-700 hover:file:bg-slate-200"
        disabled={status.busy || recording}
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void upload(file);
          e.currentTarget.value = '';
        }}
      />
      <StatusLine status={status} />
    </div>
  );
}
