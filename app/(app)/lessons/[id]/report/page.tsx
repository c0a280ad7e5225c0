import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, formatDate, PageHeader, secondaryButtonClass } from '@/app/_components/ui';
import { lessonFor } from '@/lib/access';
import { allowOr404, requireActor } from '@/lib/auth/session';
import { getMediaAsset, getRun, getSchoolSettingsOfLesson } from '@/lib/db/queries';
import { playableCopyOf } from '@/lib/lessons/blurred-copy';
import { FUSION_RULE } from '@/lib/results/fusion';
import { KEY_MOMENT_RULES } from '@/lib/results/key-moments';
import { assembleReport } from '@/lib/reports/assemble';
import type { ReportData } from '@/lib/reports/report-data';
import { listReportVersions, readSnapshot, REPORT_REASON_LABELS } from '@/lib/reports/versions';
import { dataQualityRows, honestFooter, indicatorCards } from '@/lib/reports/wording';
import { wordingFor } from '@/lib/wording';
import { ReportView, type Playback } from './report-view';

export const metadata: Metadata = { title: 'Lesson report' };

const when = (d: Date) => d.toLocaleString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'UTC' }) + ' UTC';

export default async function ReportPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ version?: string }> }) {
  const [{ id }, { version: versionParam }] = await Promise.all([params, searchParams]);
  const actor = await requireActor();
  const lesson = await lessonFor(actor, id, 'view');
  allowOr404(!!lesson);
  const versions = await listReportVersions(lesson!.id);
  const shown = versionParam ? versions.find((v) => String(v.version) === versionParam && v.status === 'ready') : undefined;
  allowOr404(!versionParam || !!shown);
  const data = shown ? await readSnapshot(shown) : await assembleReport(lesson!);
  allowOr404(!shown || !!data);

  const lessonLink = (
    <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
      <Link href={`/lessons/${lesson!.id}`} className="hover:underline">
        {lesson!.className} · {lesson!.title}
      </Link>
    </nav>
  );
  if (!data) {
    return (
      <>
        {lessonLink}
        <PageHeader title={`${lesson!.title}: report`} />
        <Card>
          <p className="text-sm text-slate-600">The report appears here once the lesson’s analysis has finished.</p>
        </Card>
      </>
    );
  }

  // The recording the report was made from may have been replaced since: its playable copy is gone with it.
  const recordingId = shown ? shown.mediaAssetId : (await getRun(data.run.id))?.mediaAssetId;
  const asset = recordingId ? await getMediaAsset(recordingId) : null;
  const copy = asset && !asset.replacedAt ? await playableCopyOf(asset, await getSchoolSettingsOfLesson(lesson!.id)) : null;
  const playback: Playback =
    asset && copy && copy.blurred !== null
      ? { src: `/api/lessons/${lesson!.id}/playback?recording=${asset.id}`, kind: asset.video ? 'video' : 'audio', type: copy.type, blurred: copy.blurred }
      : null;
  const playbackNote = copy?.blurred === null ? copy.why : 'The recording this report was made from has been replaced, so it cannot be played here; the figures are kept as they were.';
  const latestReady = versions.find((v) => v.status === 'ready');
  const pdfVersion = shown ?? latestReady;

  return (
    <>
      {lessonLink}
      <PageHeader
        title={`${lesson!.title}: report`}
        subtitle={
          <>
            {formatDate(lesson!.taughtOn)} · {lesson!.className} · {lesson!.teacherName}
            {shown ? ` · version ${shown.version} of ${when(shown.createdAt)}` : ' · current analysis'}
          </>
        }
        actions={
          <div className="flex flex-wrap gap-2">
            {pdfVersion && (
              <a href={`/api/lessons/${lesson!.id}/reports/${pdfVersion.version}/pdf`} className={secondaryButtonClass} download>
                PDF (version {pdfVersion.version})
              </a>
            )}
            <a href={`/api/lessons/${lesson!.id}/export/timeline.csv?run=${data.run.id}`} className={secondaryButtonClass} download>
              Per-second CSV
            </a>
            <a href={`/api/lessons/${lesson!.id}/export/timeline.json?run=${data.run.id}`} className={secondaryButtonClass} download>
              JSON
            </a>
            <a href={`/api/lessons/${lesson!.id}/export/summary.json?run=${data.run.id}`} className={secondaryButtonClass} download>
              Summary JSON
            </a>
          </div>
        }
      />
      {shown && latestReady && shown.version !== latestReady.version && (
        <p className="mb-4 rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          You are looking at version {shown.version} ({REPORT_REASON_LABELS[shown.reason].toLowerCase()}), kept as it was. <Link href={`/lessons/${lesson!.id}/report`} className="font-medium underline">See the current report</Link>.
        </p>
      )}
      <Indicators data={data} />
      <div className="mt-6">
        <ReportView data={data} playback={playback} playbackNote={playbackNote} />
      </div>
      <div className="mt-6 grid gap-6 lg:grid-cols-2">
        <DataQuality data={data} />
        <HowComputed data={data} />
      </div>
      <Performance data={data} />
      <Card title="Report versions" className="mt-6">
        {versions.length === 0 ? (
          <p className="text-sm text-slate-600">No version has been stored yet: one is made when an analysis finishes, and again after each change.</p>
        ) : (
          <ul className="divide-y divide-slate-100 text-sm" data-testid="report-versions">
            {versions.map((v) => (
              <li key={v.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
                <span>
                  <span className="font-medium">Version {v.version}</span> · {REPORT_REASON_LABELS[v.reason]} · {when(v.createdAt)}
                  {v.status !== 'ready' && <span className="ml-2 text-slate-500">({v.status === 'rendering' ? 'being printed…' : 'printing failed'})</span>}
                </span>
                {v.status === 'ready' && (
                  <span className="flex gap-3">
                    <Link href={`/lessons/${lesson!.id}/report?version=${v.version}`} className="text-brand-700 hover:underline">
                      view
                    </Link>
                    <a href={`/api/lessons/${lesson!.id}/reports/${v.version}/pdf`} className="text-brand-700 hover:underline">
                      PDF
                    </a>
                  </span>
                )}
              </li>
            ))}
          </ul>
        )}
      </Card>
      <p className="mt-6 text-xs text-slate-500">{honestFooter(data)}</p>
    </>
  );
}

function Indicators({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  return (
    <section aria-labelledby="indicators-title">
      <h2 id="indicators-title" className="sr-only">
        Indicators
      </h2>
      {wording.note && <p className="mb-3 text-xs text-slate-600">{wording.note}</p>}
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4" data-testid="indicators">
        {indicatorCards(data).map((card) => (
          <div key={card.key} className="rounded-md border border-slate-200 bg-white px-3 py-2 shadow-sm" data-indicator={card.key}>
            <p className="text-xs text-slate-600">{card.label}</p>
            <p className="text-lg font-semibold tabular-nums text-slate-900">{card.value}</p>
            {card.detail && <p className="text-xs text-slate-600">{card.detail}</p>}
            <details className="mt-1 text-xs text-slate-600">
              <summary className="cursor-pointer text-brand-700">How this is computed</summary>
              <p className="mt-1">{card.definition}</p>
            </details>
          </div>
        ))}
      </div>
    </section>
  );
}

function DataQuality({ data }: { data: ReportData }) {
  const coverage = data.quality.faceCoveragePerMinute;
  return (
    <Card title="Data quality">
      {coverage.length > 0 && (
        <figure className="mb-4">
          <figcaption className="mb-1 text-xs text-slate-600">Face coverage per minute: share of each minute’s seconds with a face visible (0–100 %)</figcaption>
          <div className="flex h-12 items-end gap-px border-b border-slate-400" role="img" aria-label={`Face coverage per minute: ${coverage.map((v, i) => `minute ${i + 1} ${v} %`).join(', ')}`}>
            {coverage.map((v, i) => (
              <div key={i} className="min-w-px flex-1 bg-[#0072B2]" style={{ height: `${Math.max(2, v)}%` }} title={`minute ${i + 1}: ${v} %`} />
            ))}
          </div>
          <p className="mt-0.5 flex justify-between text-xs text-slate-500">
            <span>minute 1</span>
            <span>minute {coverage.length}</span>
          </p>
        </figure>
      )}
      <dl className="divide-y divide-slate-100 text-sm" data-testid="data-quality">
        {dataQualityRows(data).map(([label, value]) => (
          <div key={label} className="grid grid-cols-3 gap-3 py-1.5">
            <dt className="text-slate-600">{label}</dt>
            <dd className={`col-span-2 text-slate-800 ${label.startsWith('SHA') ? 'break-all font-mono text-xs' : 'break-words'}`}>{value}</dd>
          </div>
        ))}
      </dl>
      {data.quality.notes.length > 0 && (
        <ul className="mt-3 space-y-1 text-sm text-slate-700">
          {data.quality.notes.map((note) => (
            <li key={note}>ℹ︎ {note}</li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function HowComputed({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  return (
    <Card title="How this is computed">
      <h3 className="text-sm font-medium">Face and voice combined (each second, teacher and students separately)</h3>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700">
        {FUSION_RULE.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h3 className="mt-4 text-sm font-medium">Key moments</h3>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-sm text-slate-700">
        {KEY_MOMENT_RULES(wording).map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
      <p className="mt-4 text-sm text-slate-700">Each indicator’s definition is under “How this is computed” on its card above.</p>
    </Card>
  );
}

function Performance({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  return (
    <details className="mt-6 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <summary className="cursor-pointer text-base font-semibold">Appendix: how well the models did on labelled data</summary>
      <div className="mt-4 grid gap-6 lg:grid-cols-2">
        {data.performance.map((model) => (
          <div key={model.model} className="overflow-x-auto">
            <h3 className="text-sm font-medium">{model.model}</h3>
            <p className="mb-2 text-xs text-slate-600">Measured on {model.measuredOn}</p>
            <table className="w-full text-sm">
              <thead className="text-left text-xs text-slate-600">
                <tr>
                  <th className="py-1">{wording.noun.toLowerCase()}</th>
                  <th className="py-1 text-right">precision</th>
                  <th className="py-1 text-right">recall</th>
                  <th className="py-1 text-right">F1</th>
                  <th className="py-1 text-right">support</th>
                </tr>
              </thead>
              <tbody className="tabular-nums">
                {model.classes.map((c) => (
                  <tr key={c.label} className="border-t border-slate-100">
                    <td className="py-1">{wording.label(c.label)}</td>
                    <td className="py-1 text-right">{c.precision.toFixed(2)}</td>
                    <td className="py-1 text-right">{c.recall.toFixed(2)}</td>
                    <td className="py-1 text-right">{c.f1.toFixed(2)}</td>
                    <td className="py-1 text-right">{c.support}</td>
                  </tr>
                ))}
                <tr className="border-t border-slate-300 font-medium">
                  <td className="py-1">all</td>
                  <td className="py-1 text-right" colSpan={2}>
                    accuracy {model.accuracy.toFixed(2)}
                  </td>
                  <td className="py-1 text-right">{model.macroF1.toFixed(2)}</td>
                  <td className="py-1 text-right">{model.classes.reduce((s, c) => s + c.support, 0)}</td>
                </tr>
              </tbody>
            </table>
          </div>
        ))}
      </div>
    </details>
  );
}
