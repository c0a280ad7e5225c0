import Link from 'next/link';
import type { LessonSummary } from '@/lib/db/queries';
import { EmptyState, formatDate, StatusBadge } from './ui';

export function LessonList({ lessons, showTeacher = false, empty }: { lessons: LessonSummary[]; showTeacher?: boolean; empty: React.ReactNode }) {
  if (lessons.length === 0) return <EmptyState title="No lessons yet">{empty}</EmptyState>;
  return (
    <ul className="divide-y divide-slate-100">
      {lessons.map((lesson) => (
        <li key={lesson.id}>
          <Link href={`/lessons/${lesson.id}`} className="flex flex-wrap items-center justify-between gap-2 rounded px-2 py-3 hover:bg-slate-50">
            <div>
              <p className="font-medium text-slate-900">{lesson.title}</p>
              <p className="text-sm text-slate-500">
                {lesson.className} · {formatDate(lesson.taughtOn)}
                {showTeacher && ` · ${lesson.teacherName}`}
              </p>
            </div>
            <StatusBadge status={lesson.status} />
          </Link>
        </li>
      ))}
    </ul>
  );
}
