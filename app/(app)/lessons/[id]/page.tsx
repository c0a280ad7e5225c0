import type { Metadata } from 'next';
import { Breadcrumb, Card, formatDate, PageHeader, StatusBadge } from '@/app/_components/ui';
import { lessonFor } from '@/lib/access';
import { audit } from '@/lib/audit/log';
import { getDb } from '@/lib/db/client';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { getSchoolSettingsOfLesson } from '@/lib/db/queries';
import { lessonStatusView } from '@/lib/lessons/status';
import { canChangeLesson, consentedStudentMarkerFor } from '@/lib/policy';
import { LessonLive } from './lesson-live';
import { LessonSummaryCard, TeacherChoiceCards } from './lesson-results';
import { LessonSettings } from './lesson-settings';
import { ShareToggle } from './share-toggle';

export const metadata: Metadata = { title: 'Lesson' };

export default async function LessonPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const actor = await requireActor();
  const lesson = await lessonFor(actor, id, 'view');
  allowOr404(!!lesson);
  const canChange = canChangeLesson(actor, lesson!);
  await audit(getDb(), actor, 'lesson.view', { lesson: lesson! });
  const [status, settings] = await Promise.all([lessonStatusView(lesson!), getSchoolSettingsOfLesson(lesson!.id)]);

  return (
    <>
      <Breadcrumb href={`/classes/${lesson!.classId}`} label={lesson!.className} />
      <PageHeader
        title={lesson!.title}
        subtitle={
          <>
            {formatDate(lesson!.taughtOn)} · {lesson!.subject} · {lesson!.teacherName}
          </>
        }
        actions={<StatusBadge status={lesson!.status} />}
      />
      {/* Results first: the recording, its upload and the run's stages come after them. */}
      <LessonSummaryCard lesson={lesson!} />
      <TeacherChoiceCards lesson={lesson!} canChange={canChange} settings={settings} consentedStudentMarker={consentedStudentMarkerFor(actor, lesson!, settings)} />
      <LessonLive lessonId={lesson!.id} initial={status} canChange={canChange} maxUploadBytes={config.maxUploadBytes} />
      {canChange && (
        <div className="mt-6 grid gap-6 lg:grid-cols-2">
          <Card title="Sharing">
            <ShareToggle lessonId={lesson!.id} shared={lesson!.sharedWithDepartment} />
          </Card>
          <Card title="Rename or delete">
            <LessonSettings lessonId={lesson!.id} title={lesson!.title} />
          </Card>
        </div>
      )}
    </>
  );
}
