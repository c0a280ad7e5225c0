import { renderToStaticMarkup } from 'react-dom/server';
import { EMOTIONS } from '../../analysis/emotions';
import { FUSION_RULE } from '../../results/fusion';
import { KEY_MOMENT_RULES } from '../../results/key-moments';
import { wordingFor } from '../../wording';
import { clock, EXPRESSION_COLOURS, GROUP_COLOURS } from '../charts';
import { GROUPS, type ReportData } from '../report-data';
import { REPORT_REASON_LABELS } from '../versions';
import { dataQualityRows, honestFooter, indicatorCards, sourcesSentence } from '../wording';
import { printWindow } from '../smoothing';
import { DistributionBars, ExpressionAreas, Legend, talkLegend, TalkBand, TalkDonut, VisibleStudents, VoiceBand } from './static-charts';

/**
 * The report's print view: one self-contained HTML document (inline CSS,
 * charts as inline SVG, no scripts, no requests) that Chromium prints to the
 * PDF. Page numbers and the footer come from the PDF printer (pdf.ts).
 */

const CSS = `
* { box-sizing: border-box; }
body { font-family: 'DejaVu Sans', 'Liberation Sans', Arial, sans-serif; color: #0f172a; font-size: 10pt; line-height: 1.4; margin: 0; }
h1 { font-size: 22pt; margin: 0 0 4mm; }
h2 { font-size: 13pt; margin: 0 0 3mm; border-bottom: 1px solid #cbd5e1; padding-bottom: 1mm; }
h3 { font-size: 10.5pt; margin: 4mm 0 1.5mm; }
section { break-inside: avoid; margin-bottom: 6mm; }
.page { break-after: page; }
.cover { padding-top: 40mm; }
.cover .school { font-size: 12pt; color: #475569; text-transform: uppercase; letter-spacing: 0.06em; }
.cover dl { display: grid; grid-template-columns: 38mm 1fr; gap: 2mm 4mm; margin-top: 10mm; font-size: 11pt; }
.cover dt { color: #475569; }
.cover dd { margin: 0; font-weight: 600; }
.cover .about { margin-top: 16mm; color: #334155; max-width: 150mm; }
.muted { color: #475569; font-size: 8.5pt; }
.cards { display: grid; grid-template-columns: 1fr 1fr; gap: 3mm; }
.card { border: 1px solid #cbd5e1; border-radius: 2mm; padding: 2.5mm 3mm; break-inside: avoid; }
.card .label { font-size: 8.5pt; color: #475569; }
.card .value { font-size: 15pt; font-weight: 700; }
.card .detail { font-size: 8.5pt; color: #334155; }
.card .definition { font-size: 7.5pt; color: #64748b; margin-top: 1mm; }
.legend { font-size: 8pt; color: #334155; margin: 1mm 0 2mm; }
.legend span { margin-right: 4mm; white-space: nowrap; }
.legend i { display: inline-block; width: 3mm; height: 3mm; margin-right: 1mm; vertical-align: -0.4mm; border-radius: 0.5mm; }
.row { display: flex; gap: 4mm; align-items: flex-start; }
table { border-collapse: collapse; width: 100%; font-size: 8.5pt; }
th, td { border-bottom: 1px solid #e2e8f0; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
th { color: #475569; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.coverage { display: flex; align-items: flex-end; gap: 0.3mm; height: 14mm; border-bottom: 1px solid #94a3b8; }
.coverage div { flex: 1; background: #0072B2; min-width: 0.3mm; }
ul.notes { margin: 1mm 0; padding-left: 5mm; }
`;

function Cover({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  const when = new Date(data.generatedAt);
  return (
    <div className="page cover">
      <p className="school">{data.lesson.schoolName}</p>
      <h1>{data.lesson.title}</h1>
      <p>Lesson report: how the lesson looked and sounded, teacher and students.</p>
      <dl>
        <dt>Class</dt>
        <dd>
          {data.lesson.className} · {data.lesson.subject}
        </dd>
        <dt>Teacher</dt>
        <dd>{data.lesson.teacherName}</dd>
        <dt>Taught on</dt>
        <dd>{formatDay(data.lesson.taughtOn)}</dd>
        <dt>Recording</dt>
        <dd>{clock(data.durationS)} (min:s)</dd>
        <dt>Report version</dt>
        <dd>{data.version ? `${data.version.number} — ${REPORT_REASON_LABELS[data.version.reason]}` : 'preview (not stored)'}</dd>
        <dt>Generated at</dt>
        <dd>
          {when.toISOString().slice(0, 10)} {when.toISOString().slice(11, 16)} UTC
        </dd>
      </dl>
      <p className="about">
        The figures come from models that read faces in the video and voices in the sound track, second by second. {wording.note ?? ''} {honestFooter(data)} The last pages say
        how each figure is computed, how good the recording was for this, and how well the models did on labelled data.
      </p>
    </div>
  );
}

function formatDay(isoDate: string): string {
  return new Date(`${isoDate}T00:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

function Indicators({ data }: { data: ReportData }) {
  return (
    <section>
      <h2>Indicators</h2>
      <div className="cards">
        {indicatorCards(data).map((card) => (
          <div className="card" key={card.key}>
            <div className="label">{card.label}</div>
            <div className="value">{card.value}</div>
            {card.detail && <div className="detail">{card.detail}</div>}
            <div className="definition">{card.definition}</div>
          </div>
        ))}
      </div>
    </section>
  );
}

function Charts({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  const expressionLegend = EMOTIONS.map((e) => [wording.label(e), EXPRESSION_COLOURS[e]] as [string, string]);
  return (
    <>
      <section>
        <h2>{wording.nounPlural} over the lesson</h2>
        <p className="muted">Face and voice combined, averaged over {printWindow(data.durationS)} s; the bands show the strongest {wording.noun.toLowerCase()} in each voice and who speaks.</p>
        {GROUPS.map((group) => (
          <div key={group}>
            <ExpressionAreas data={data} group={group} />
          </div>
        ))}
        <VoiceBand data={data} group="teacher" />
        <VoiceBand data={data} group="students" />
        <TalkBand data={data} />
        <Legend items={talkLegend()} />
        <Legend items={expressionLegend} />
        {GROUPS.map((group) => (
          <p className="muted" key={group}>
            {sourcesSentence(group, data.sources[group])}
          </p>
        ))}
      </section>
      {data.indicators.visibleStudents && (
        <section>
          <h2>Students visible over the lesson</h2>
          <VisibleStudents data={data} />
        </section>
      )}
    </>
  );
}

function Distribution({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  return (
    <section>
      <h2>How often each {wording.noun.toLowerCase()} was the strongest, and who spoke</h2>
      <div className="row">
        <DistributionBars data={data} />
        <div>
          <TalkDonut data={data} />
          <Legend items={talkLegend()} />
        </div>
      </div>
      <Legend items={[['Teacher', GROUP_COLOURS.teacher], ['Students', GROUP_COLOURS.students]]} />
    </section>
  );
}

function KeyMoments({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  return (
    <section>
      <h2>Key moments</h2>
      {data.keyMoments.length === 0 ? (
        <p>No moment met the rules below.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th className="num">from</th>
              <th className="num">to</th>
              <th>what happened</th>
            </tr>
          </thead>
          <tbody>
            {data.keyMoments.map((m) => (
              <tr key={`${m.kind}-${m.startS}`}>
                <td className="num">{clock(m.startS)}</td>
                <td className="num">{clock(m.endS)}</td>
                <td>{m.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul className="notes muted">
        {KEY_MOMENT_RULES(wording).map((rule) => (
          <li key={rule}>{rule}</li>
        ))}
      </ul>
    </section>
  );
}

function DataQuality({ data }: { data: ReportData }) {
  const q = data.quality;
  const rows = dataQualityRows(data);
  return (
    <section>
      <h2>Data quality</h2>
      {q.faceCoveragePerMinute.length > 0 && (
        <>
          <h3>Face coverage per minute (share of seconds with a face visible, 0–100 %)</h3>
          <div className="coverage" aria-label="Face coverage per minute">
            {q.faceCoveragePerMinute.map((v, i) => (
              <div key={i} style={{ height: `${Math.max(1, v)}%` }} title={`minute ${i + 1}: ${v} %`} />
            ))}
          </div>
          <p className="muted">minute 1 to {q.faceCoveragePerMinute.length}</p>
        </>
      )}
      <table>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label}>
              <th style={{ width: '45mm' }}>{label}</th>
              <td style={label.startsWith('SHA') ? { wordBreak: 'break-all' } : undefined}>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {q.notes.length > 0 && (
        <>
          <h3>Notes from the analysis</h3>
          <ul className="notes">
            {q.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

function HowComputed({ data }: { data: ReportData }) {
  return (
    <section>
      <h2>How this is computed</h2>
      <h3>Face and voice combined, per second, for the teacher and for the students as a group</h3>
      <ul className="notes">
        {FUSION_RULE.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      <h3>Indicators</h3>
      <ul className="notes">
        {indicatorCards(data)
          .filter((c) => c.key !== 'students-balance')
          .map((c) => (
            <li key={c.key}>
              <b>{c.key === 'teacher-balance' ? 'Positive/negative balance' : c.label}:</b> {c.definition}
            </li>
          ))}
      </ul>
    </section>
  );
}

function Performance({ data }: { data: ReportData }) {
  const wording = wordingFor(data.wording);
  return (
    <section>
      <h2>Appendix: how well the models did on labelled data</h2>
      {data.performance.map((model) => (
        <div key={model.model} style={{ breakInside: 'avoid', marginBottom: '5mm' }}>
          <h3>{model.model}</h3>
          <p className="muted">Measured on {model.measuredOn}</p>
          <table>
            <thead>
              <tr>
                <th>{wording.noun.toLowerCase()}</th>
                <th className="num">precision</th>
                <th className="num">recall</th>
                <th className="num">F1</th>
                <th className="num">support (items)</th>
              </tr>
            </thead>
            <tbody>
              {model.classes.map((c) => (
                <tr key={c.label}>
                  <td>{wording.label(c.label)}</td>
                  <td className="num">{c.precision.toFixed(2)}</td>
                  <td className="num">{c.recall.toFixed(2)}</td>
                  <td className="num">{c.f1.toFixed(2)}</td>
                  <td className="num">{c.support}</td>
                </tr>
              ))}
              <tr>
                <th>all classes</th>
                <td className="num" colSpan={2}>
                  accuracy {model.accuracy.toFixed(2)}
                </td>
                <td className="num">{model.macroF1.toFixed(2)}</td>
                <td className="num">{model.classes.reduce((s, c) => s + c.support, 0)}</td>
              </tr>
            </tbody>
          </table>
        </div>
      ))}
      <p className="muted">Precision: of the items the model gave this label, the share that had it. Recall: of the items with this label, the share the model found. F1: their harmonic mean. The last row gives accuracy and the mean F1 over classes (macro-F1).</p>
    </section>
  );
}

/** The whole print view as an HTML document. */
export function renderReportHtml(data: ReportData): string {
  const body = renderToStaticMarkup(
    <>
      <Cover data={data} />
      <div className="page">
        <Indicators data={data} />
        <KeyMoments data={data} />
      </div>
      <div className="page">
        <Charts data={data} />
      </div>
      <div className="page">
        <Distribution data={data} />
        <DataQuality data={data} />
        <HowComputed data={data} />
      </div>
      <Performance data={data} />
    </>,
  );
  const title = `${data.lesson.title} — lesson report`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${CSS}</style></head><body>${body}</body></html>`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
