import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { EMOTIONS } from '../../lib/analysis/emotions';
import type { LessonSecond, PaperSize } from '../../lib/db/schema';
import { timelineCsv } from '../../lib/reports/exports';
import { shippedModels } from '../../lib/reports/models';
import { closePdfBrowser, printPdf } from '../../lib/reports/pdf';
import { renderReportHtml } from '../../lib/reports/print/report-document';
import { countPdfPages } from '../../lib/reports/render-version';
import { buildReport, type ReportData } from '../../lib/reports/report-data';
import { honestFooter, reportTitle } from '../../lib/reports/wording';
import { wordingFor, type WordingMode } from '../../lib/wording';
import { syntheticLessonResults } from '../../research/reports/synthetic-lesson';
import { scratchDir } from '../helpers/fixtures';

after(closePdfBrowser);

const { seconds, summary } = syntheticLessonResults(1200);
const rows = seconds.map((s) => ({ ...s, runId: 'run' })) as LessonSecond[];

function report(wording: WordingMode, paperSize: PaperSize = 'a4'): ReportData {
  return buildReport({
    lesson: { id: 'lesson', title: 'Forces and motion', taughtOn: '2026-11-20', className: 'Physics 9A', subject: 'Physics', teacherName: 'Alex Chen', schoolName: 'Riverside School' },
    wording,
    paperSize,
    version: { number: 3, reason: 'teacher-voice', createdAt: '2026-11-21T08:00:00.000Z' },
    run: { id: 'run', finishedAt: new Date('2026-11-21T07:59:00Z'), summary, notes: ['Only one voice was told apart.'], tfBackend: 'wasm' },
    asset: { originalName: 'forces.mp4', sizeBytes: 300_000_000, sha256: 'ab'.repeat(32), container: 'mov,mp4,m4a,3gp,3g2,mj2', video: { codec: 'hevc', width: 1920, height: 1080, displayWidth: 1920, displayHeight: 1080, rotation: 0, frameRate: 30, variableFrameRate: false }, audio: { codec: 'aac', sampleRate: 48000, channels: 2 }, durationSeconds: 1200 },
    seconds: rows,
    models: shippedModels(),
    now: new Date('2026-11-21T08:00:00Z'),
  });
}

async function pdfText(data: ReportData): Promise<{ text: string; info: string; pages: number }> {
  const pdf = await printPdf(renderReportHtml(data), { paperSize: data.paperSize, footer: `${reportTitle(data)} · ${honestFooter(data)}` });
  const file = path.join(scratchDir(), 'report.pdf');
  writeFileSync(file, pdf);
  return { text: execFileSync('pdftotext', ['-layout', file, '-']).toString(), info: execFileSync('pdfinfo', [file]).toString(), pages: countPdfPages(pdf) };
}

const EMOTION_WORDS = new RegExp(`\\b(${EMOTIONS.filter((e) => e !== 'neutral').join('|')})\\b`, 'i');

test('the PDF has the cover, indicators, key moments, data quality, the performance matrix and numbered pages', async () => {
  const { text, info, pages } = await pdfText(report('emotion'));
  for (const expected of ['Forces and motion', 'Riverside School', 'Physics 9A', 'Alex Chen', '20 November 2026', 'Teacher’s voice chosen', 'Indicators', 'Students facing the front', 'Talk split', 'Wait time after questions', 'Longest teacher monologue', 'Key moments', 'Data quality', 'How this is computed', 'Appendix: how well the models did', 'precision', 'Expressions are not feelings']) {
    assert.ok(text.toLowerCase().includes(expected.toLowerCase()), `"${expected}" in the PDF text`);
  }
  const pageCount = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  assert.ok(pageCount >= 5 && pageCount <= 9, `${pageCount} pages`);
  assert.equal(pages, pageCount, 'the stored page count is what pdfinfo reads');
  assert.ok(text.includes(`Page 1 of ${pageCount}`) && text.includes(`Page ${pageCount} of ${pageCount}`), 'every page numbered');
  assert.match(info, /Page size:\s+59\d(\.\d+)? x 84\d(\.\d+)? pts \(A4\)/);
  assert.match(text, /\bhappy\b/, 'emotion wording names the emotions');
});

test('Letter paper for schools that use it', async () => {
  const { info } = await pdfText(report('emotion', 'letter'));
  assert.match(info, /Page size:\s+612 x 792 pts \(letter\)/);
});

test('in expression mode neither the PDF nor the CSV headers use an emotion name', async () => {
  const data = report('expression');
  const { text } = await pdfText(data);
  assert.doesNotMatch(text, EMOTION_WORDS, 'PDF text');
  assert.match(text, /smiling/);
  const header = timelineCsv(rows.slice(0, 2), wordingFor('expression')).split('\n')[0];
  assert.doesNotMatch(header.replace(/_/g, ' '), EMOTION_WORDS, 'CSV header');
  assert.match(header, /teacher_combined_smiling/);
  assert.match(timelineCsv(rows.slice(0, 2), wordingFor('emotion')).split('\n')[0], /teacher_face_happy/);
  assert.doesNotMatch(JSON.stringify(data.keyMoments), EMOTION_WORDS, 'key moment reasons');
});

test('the per-second CSV has one row per second and the documented columns', () => {
  const csv = timelineCsv(rows, wordingFor('emotion')).trimEnd().split('\n');
  assert.equal(csv.length, 1 + 1200);
  const header = csv[0].split(',');
  assert.equal(header.length, 2 + 2 * (7 + 1 + 7 + 2 + 7) + 5);
  const first = Object.fromEntries(csv[1].split(',').map((v, i) => [header[i], v]));
  assert.equal(first.second, '0');
  assert.ok(['teacher', 'students', 'both', 'silence'].includes(first.talk));
  const combined = EMOTIONS.map((e) => Number(first[`students_combined_${e}`]));
  assert.ok(Math.abs(combined.reduce((a, b) => a + b, 0) - 1) < 0.01, 'probabilities sum to 1');
});
