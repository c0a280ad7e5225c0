import type { Metadata } from 'next';
import { Card, PageHeader, TextLink } from '@/app/_components/ui';
import { isAdmin } from '@/lib/access';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { getSchool } from '@/lib/db/queries';
import { SchoolSettingsForm } from './school-settings-form';

export const metadata: Metadata = { title: 'School settings' };

export default async function SchoolSettingsPage() {
  const actor = await requireActor();
  allowOr404(isAdmin(actor));
  const school = (await getSchool(actor.schoolId))!;
  return (
    <>
      <PageHeader
        title={school.name}
        subtitle={
          <>
            How lessons are analysed and what is kept about the people in them. The school’s <TextLink href="/privacy">privacy notice</TextLink> is written from these
            settings.
          </>
        }
      />
      <Card title="Analysis and privacy" className="max-w-2xl">
        <SchoolSettingsForm settings={school.settings} />
      </Card>
    </>
  );
}
