import type { Metadata } from 'next';
import { LessonList } from '@/app/_components/lesson-list';
import { Card, EmptyState, PageHeader } from '@/app/_components/ui';
import { UnenrolButton } from '@/app/_components/unenrol-button';
import { classFor, isAdmin } from '@/lib/access';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { listLessonsOfClass, listStudentsOfClass } from '@/lib/db/queries';
import { canCreateLessonIn, canViewLesson } from '@/lib/policy';
import { NewLessonForm } from './new-lesson-form';

export const metadata: Metadata = { title: 'Class' };

export default async function ClassPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const cls = await classFor(actor, id, 'view');
  allowOr404(!!cls);
  const [students, lessons] = await Promise.all([listStudentsOfClass(cls!.id), listLessonsOfClass(cls!.id)]);
  const visibleLessons = lessons.filter((lesson) => canViewLesson(actor, lesson));
  const canAdd = canCreateLessonIn(actor, cls!);
  const canUnenrol = isAdmin(actor);

  return (
    <>
      <PageHeader title={cls!.name} subtitle={`${cls!.subject} · ${cls!.departmentName} · taught by ${cls!.teacherName}`} />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          {canAdd && (
            <Card title="Add a lesson">
              <NewLessonForm classId={cls!.id} />
            </Card>
          )}
          <Card title="Lessons">
            <LessonList
              lessons={visibleLessons}
              empty={canAdd ? 'Add a lesson above, then upload its recording.' : 'No lessons of this class are visible to you.'}
            />
          </Card>
        </div>
        <Card title={`Students (${students.length})`}>
          {students.length === 0 ? (
            <EmptyState title="No students enrolled">The school admin enrols students in classes.</EmptyState>
          ) : (
            <ul className="space-y-1 text-sm">
              {students.map((s) => (
                <li key={s.id} className="flex items-center justify-between gap-2 text-slate-700">
                  {s.name}
                  {canUnenrol && <UnenrolButton classId={cls!.id} studentId={s.id} label={`Remove ${s.name} from ${cls!.name}`} />}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
