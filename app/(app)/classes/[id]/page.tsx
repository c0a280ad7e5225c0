import type { Metadata } from 'next';
import { LessonList } from '@/app/_components/lesson-list';
import { Card, EmptyState, PageHeader } from '@/app/_components/ui';
import { classFor } from '@/lib/access';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { consentOfStudents, isInForce } from '@/lib/consent/records';
import { getSchool, listLessonsOfClass, listStudentsOfClass } from '@/lib/db/queries';
import { canCreateLessonIn, canRecordConsent, canViewConsent, canViewLesson } from '@/lib/policy';
import { ConsentView } from './consent-view';
import { NewLessonForm } from './new-lesson-form';

export const metadata: Metadata = { title: 'Class' };

export default async function ClassPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const cls = await classFor(actor, id, 'view');
  allowOr404(!!cls);
  const [students, lessons, school] = await Promise.all([listStudentsOfClass(cls!.id), listLessonsOfClass(cls!.id), getSchool(cls!.schoolId)]);
  const visibleLessons = lessons.filter((lesson) => canViewLesson(actor, lesson));
  const canAdd = canCreateLessonIn(actor, cls!);
  const showConsent = canViewConsent(actor, cls!);
  const consent = showConsent ? await consentOfStudents(students.map((s) => s.id)) : null;
  const optedOut = consent ? students.filter((s) => isInForce(consent.get(s.id)!, 'analysis-opt-out')) : [];

  return (
    <>
      <PageHeader title={cls!.name} subtitle={`${cls!.subject} · ${cls!.departmentName} · taught by ${cls!.teacherName}`} />
      {optedOut.length > 0 && (
        <div role="note" className="mb-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900">
          <p className="font-medium">
            {optedOut.length === 1 ? '1 student of this class has' : `${optedOut.length} students of this class have`} opted out of analysis: {optedOut.map((s) => s.name).join(', ')}.
          </p>
          <p className="mt-1">In each lesson’s “People in the video”, mark them as excluded: their data is deleted from the analysis and their face is blurred.</p>
        </div>
      )}
      <div className="grid gap-6 lg:grid-cols-3">
        <div className={consent ? 'space-y-6 lg:col-span-3' : 'space-y-6 lg:col-span-2'}>
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
        {!consent && (
          <Card title={`Students (${students.length})`}>
            {students.length === 0 ? (
              <EmptyState title="No students enrolled">The school admin enrols students in classes.</EmptyState>
            ) : (
              <ul className="space-y-1 text-sm">
                {students.map((s) => (
                  <li key={s.id} className="text-slate-700">
                    {s.name}
                  </li>
                ))}
              </ul>
            )}
          </Card>
        )}
        {consent && (
          <div className="lg:col-span-3">
            <ConsentView
              classId={cls!.id}
              students={students}
              consent={consent}
              schoolParty={school!.settings.consentGivenBy}
              mayRecord={(protective) => canRecordConsent(actor, cls!, protective)}
            />
          </div>
        )}
      </div>
    </>
  );
}
