import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, EmptyState, formatDate, formatDuration, PageHeader } from '@/app/_components/ui';
import { TrendLines, type TrendSeries } from '@/app/_components/trend-lines';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { getSchool } from '@/lib/db/queries';
import { INDICATOR_DEFINITIONS, NEGATIVE, POSITIVE } from '@/lib/results/indicators';
import { ownSummaryFor } from '@/lib/students/summary';
import { wordingFor } from '@/lib/wording';

export const metadata: Metadata = { title: 'My summary' };

const YOUR_AVERAGE = 'Your average';
const signed = (pts: number | null) => (pts === null ? '–' : `${pts > 0 ? '+' : ''}${pts} pts`);

export default async function MySummaryPage() {
  const actor = await requireActor();
  const summary = await ownSummaryFor(actor);
  allowOr404(!!summary);
  const wording = wordingFor((await getSchool(actor.schoolId))!.settings.wording);
  const noun = wording.noun.toLowerCase();

  if (summary!.kind === 'no-consent') {
    return (
      <>
        <PageHeader title="My summary" />
        <Card>
          <div data-testid="summary-explanation" className="space-y-2 text-sm text-slate-700">
            <p>
              Your summary shows how you appeared in your lessons — the time you were visible, how much you faced the front and your {noun} balance — and compares
              it only with your own earlier lessons. No one else sees it.
            </p>
            <p className="font-medium text-slate-900">
              It needs consent to {summary!.missing.join(' and to ')}, given by {summary!.givenBy === 'guardian' ? 'a parent or guardian' : 'you'} through the school.
            </p>
            <p>Until then LessonLens does not look for you in lessons and keeps nothing about you for a summary.</p>
          </div>
        </Card>
      </>
    );
  }
  if (summary!.kind === 'not-enrolled') {
    return (
      <>
        <PageHeader title="My summary" />
        <EmptyState title="Add a photo of your face first">
          On <Link href="/profile" className="text-brand-700 underline">your profile</Link>. Lessons analysed after that will look for you.
        </EmptyState>
      </>
    );
  }
  const { lessons, mean } = summary as Extract<typeof summary, { kind: 'ready' }>;
  const x = (l: (typeof lessons)[number], i: number) => `${formatDate(l.taughtOn)}${lessons.filter((o) => o.taughtOn === l.taughtOn).length > 1 ? ` (${i + 1})` : ''}`;
  const series = (label: string, pick: (l: (typeof lessons)[number]) => number | null, average: number | null): TrendSeries[] => [
    { id: label, data: lessons.map((l, i) => ({ x: x(l, i), y: pick(l) })) },
    { id: YOUR_AVERAGE, data: lessons.map((l, i) => ({ x: x(l, i), y: average })) },
  ];
  return (
    <>
      <PageHeader title="My summary" subtitle="Only you see this page. It compares you with your own lessons, never with anyone else; your average counts each lesson by how long you were seen in it." />
      {lessons.length === 0 ? (
        <EmptyState title="You have not been found in a lesson yet">Lessons of your classes analysed from now on will look for you.</EmptyState>
      ) : (
        <div className="space-y-6" data-testid="own-summary">
          <Card title="Facing the front, lesson by lesson">
            <p className="mb-3 text-sm text-slate-600">{INDICATOR_DEFINITIONS.attention} Here: your own face only.</p>
            <TrendLines series={series('Facing the front', (l) => l.attentionPct, mean.attentionPct)} unit="%" range={[0, 100]} meanId={YOUR_AVERAGE} />
          </Card>
          <Card title={`Your ${noun} balance, lesson by lesson`}>
            <p className="mb-3 text-sm text-slate-600">
              Read from your face alone: the mean, over the seconds your face could be read, of P({POSITIVE.map(wording.label).join(' + ')}) minus P({NEGATIVE.map(wording.label).join(' + ')}), in
              percentage points from −100 to +100. Neutral counts for neither side.
            </p>
            <TrendLines series={series(`${wording.noun} balance`, (l) => l.balancePts, mean.balancePts)} unit="pts" range={[-100, 100]} meanId={YOUR_AVERAGE} />
          </Card>
          <Card title="Your lessons">
            <div className="overflow-x-auto">
              <table className="min-w-full text-left text-sm" data-testid="own-lessons">
                <thead>
                  <tr className="border-b border-slate-200 text-xs text-slate-500">
                    <th scope="col" className="py-1 pr-3 font-medium">Lesson</th>
                    <th scope="col" className="px-2 py-1 font-medium">Visible</th>
                    <th scope="col" className="px-2 py-1 font-medium">Facing the front</th>
                    <th scope="col" className="px-2 py-1 font-medium">{wording.noun} balance</th>
                  </tr>
                </thead>
                <tbody>
                  {lessons.map((l, i) => (
                    <tr key={i} className="border-b border-slate-100">
                      <th scope="row" className="py-1 pr-3 font-medium text-slate-800">
                        {l.title} <span className="font-normal text-slate-500">· {l.className} · {formatDate(l.taughtOn)}</span>
                      </th>
                      <td className="px-2 py-1">{formatDuration(l.visibleSeconds)}</td>
                      <td className="px-2 py-1">{l.attentionPct === null ? '–' : `${l.attentionPct} %`}</td>
                      <td className="px-2 py-1">{signed(l.balancePts)}</td>
                    </tr>
                  ))}
                  <tr className="text-slate-600">
                    <th scope="row" className="py-1 pr-3 font-medium">{YOUR_AVERAGE}</th>
                    <td className="px-2 py-1">{mean.visibleSeconds === null ? '–' : formatDuration(mean.visibleSeconds)}</td>
                    <td className="px-2 py-1">{mean.attentionPct === null ? '–' : `${mean.attentionPct} %`}</td>
                    <td className="px-2 py-1">{signed(mean.balancePts)}</td>
                  </tr>
                </tbody>
              </table>
            </div>
          </Card>
        </div>
      )}
    </>
  );
}
