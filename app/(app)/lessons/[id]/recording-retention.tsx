import { formatDate } from '@/app/_components/ui';

export type RecordingRetentionFacts = { deletedAt: string | null; deletesAt: string | null; retentionDays: number };

/** When the uploaded file goes (or went), in the school's retention: the lesson page and the report say so plainly. */
export function RecordingRetention({ deletedAt, deletesAt, retentionDays }: RecordingRetentionFacts) {
  const period = `${retentionDays} day${retentionDays === 1 ? '' : 's'} after its analysis`;
  const kept = 'Its results, report versions and playable copy are kept.';
  const text = deletedAt
    ? `The uploaded recording was deleted on ${formatDate(new Date(deletedAt))} under the school’s retention period. ${kept}`
    : deletesAt
      ? `The uploaded recording will be deleted on ${formatDate(new Date(deletesAt))}, ${period}, under the school’s retention period. ${kept}`
      : `The uploaded recording is deleted ${period} finishes, under the school’s retention period. ${kept}`;
  return (
    <p className="mt-3 rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700" data-testid="recording-retention">
      {text}
    </p>
  );
}
