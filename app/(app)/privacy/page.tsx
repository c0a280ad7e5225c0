import type { Metadata } from 'next';
import { Card, formatDate, PageHeader } from '@/app/_components/ui';
import { audit } from '@/lib/audit/log';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { getDb } from '@/lib/db/client';
import { getSchool } from '@/lib/db/queries';
import { canReadPrivacyNotice } from '@/lib/policy';
import { privacyNoticeOf } from '@/lib/privacy/notice';
import { PrintButton } from './print-button';

export const metadata: Metadata = { title: 'Privacy notice' };

export default async function PrivacyPage() {
  const actor = await requireActor();
  const school = await getSchool(actor.schoolId);
  allowOr404(!!school && canReadPrivacyNotice(actor, school.id));
  const notice = await privacyNoticeOf(school!);
  await audit(getDb(), actor, 'privacy.view', { subject: 'Privacy notice' });

  return (
    <article className="mx-auto max-w-3xl print:max-w-none">
      <PageHeader
        title={`How ${notice.schoolName} uses LessonLens`}
        subtitle={
          <>
            A privacy notice for students, parents and staff, written from the school’s current settings
            {notice.settingsChangedAt ? ` (last changed ${formatDate(notice.settingsChangedAt)})` : ''}.
          </>
        }
        actions={<PrintButton />}
      />
      <div className="space-y-6 text-sm leading-6 text-slate-700">
        {notice.sections.map((section) => (
          <Card key={section.id} title={section.title}>
            {section.paragraphs.map((p) => (
              <p key={p} className="mb-2">
                {p}
              </p>
            ))}
            {section.items && (
              <ul className="list-disc space-y-1 pl-5">
                {section.items.map((item) => (
                  <li key={item}>{item}</li>
                ))}
              </ul>
            )}
          </Card>
        ))}
        <Card title="How long it is kept">
          <table className="w-full text-left">
            <thead className="border-b border-slate-200 text-slate-500">
              <tr>
                <th scope="col" className="py-2 pr-4 font-medium">What</th>
                <th scope="col" className="py-2 font-medium">Kept for</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100 align-top">
              {notice.retention.map((row) => (
                <tr key={row.what}>
                  <td className="py-2 pr-4">{row.what}</td>
                  <td className="py-2 font-medium text-slate-900">{row.howLong}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </Card>
        <Card title="Biometric data (face and voice templates)">
          <dl className="divide-y divide-slate-100">
            {notice.biometrics.map((row) => (
              <div key={row.kind} className="grid gap-1 py-3 sm:grid-cols-3 sm:gap-4">
                <dt className="font-medium text-slate-900">{row.kind}</dt>
                <dd className="sm:col-span-2">
                  <p>{row.whose}.</p>
                  <p>{row.kept}.</p>
                  {row.howLong && <p>Kept {row.howLong}.</p>}
                </dd>
              </div>
            ))}
          </dl>
        </Card>
        <Card title="Questions">
          <p>
            Ask the school’s LessonLens administrator{notice.contacts.length === 1 ? '' : 's'}:{' '}
            {notice.contacts.map((c, i) => (
              <span key={c.email}>
                {i > 0 && ', '}
                {c.name} (<a className="text-brand-700 underline" href={`mailto:${c.email}`}>{c.email}</a>)
              </span>
            ))}
            .
          </p>
        </Card>
      </div>
    </article>
  );
}
