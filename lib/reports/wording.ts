import { INDICATOR_DEFINITIONS, NEGATIVE, POSITIVE, type Balance } from '../results/indicators';
import { formatSpan } from '../results/key-moments';
import { wordingFor } from '../wording';
import { clock, GROUP_LABELS } from './charts';
import type { Group, ReportData, SourceShares } from './report-data';

/**
 * The report's sentences and figures as text, shared by the page, the print
 * view and the exports, all in the school's wording.
 */

export interface IndicatorCard {
  key: string;
  label: string;
  value: string;
  detail: string | null;
  definition: string;
}

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${Math.round(v)} %`);
const signed = (v: number) => `${v > 0 ? '+' : v < 0 ? '−' : '±'}${Math.abs(Math.round(v))}`;

function balanceCard(group: Group, balance: Balance | null, positive: string, negative: string): IndicatorCard {
  return {
    key: `${group}-balance`,
    label: `${GROUP_LABELS[group]}: positive/negative balance`,
    value: balance ? `${signed(balance.balancePts)} points` : '–',
    detail: balance ? `${positive} ${Math.round(balance.positivePct)} %, ${negative} ${Math.round(balance.negativePct)} % over ${formatSpan(balance.seconds)}` : 'nothing was read',
    definition: '',
  };
}

export function indicatorCards(data: ReportData): IndicatorCard[] {
  const wording = wordingFor(data.wording);
  const i = data.indicators;
  const positiveWords = POSITIVE.map(wording.label);
  const negativeWords = NEGATIVE.map(wording.label);
  const positive = positiveWords.join(' + ');
  const negative = negativeWords.join(' + ');
  const balanceDefinition = INDICATOR_DEFINITIONS.balance(positiveWords, negativeWords);
  return [
    { ...balanceCard('teacher', i.teacherBalance, positive, negative), definition: balanceDefinition },
    { ...balanceCard('students', i.studentsBalance, positive, negative), definition: balanceDefinition },
    {
      key: 'attention',
      label: 'Students facing the front',
      value: pct(i.attentionPct),
      detail: i.attentionPct === null ? 'no student head pose could be read' : `over ${i.posedFaceSeconds.toLocaleString('en-GB')} face-seconds`,
      definition: INDICATOR_DEFINITIONS.attention,
    },
    {
      key: 'talk',
      label: 'Talk split',
      value: i.talk ? `${pct(i.talk.teacherTalkPct)} / ${pct(i.talk.studentTalkPct)}` : '–',
      detail: i.talk ? `teacher / students; both at once ${pct(i.talk.overlapPct)}, silence ${pct(i.talk.silencePct)}` : 'no sound track',
      definition: INDICATOR_DEFINITIONS.talk,
    },
    {
      key: 'wait',
      label: 'Wait time after questions',
      value: i.waitTime?.medianS === null || i.waitTime?.medianS === undefined ? '–' : `${i.waitTime.medianS.toFixed(1)} s`,
      detail: !i.waitTime ? 'no sound track' : i.waitTime.questions === 0 ? 'no question-like teacher turn was found' : `median; ${i.waitTime.answered} of ${i.waitTime.questions} question-like turns answered`,
      definition: INDICATOR_DEFINITIONS.waitTime,
    },
    {
      key: 'monologue',
      label: 'Longest teacher monologue',
      value: i.longestMonologueS === null ? '–' : formatSpan(i.longestMonologueS),
      detail: null,
      definition: INDICATOR_DEFINITIONS.monologue,
    },
    {
      key: 'visible',
      label: 'Students visible',
      value: i.visibleStudents ? i.visibleStudents.mean.toFixed(1) : '–',
      detail: i.visibleStudents ? `faces on average, at most ${i.visibleStudents.max}` : 'no video',
      definition: INDICATOR_DEFINITIONS.visibleStudents,
    },
  ];
}

/** Which sides the combined estimate of a group came from, as the page and the PDF say it. */
export function sourcesSentence(group: Group, shares: SourceShares): string {
  if (shares.none >= 99.95) return `${GROUP_LABELS[group]}: neither face nor voice was read.`;
  const parts = [
    shares.both > 0 && `face and voice together in ${pct(shares.both)} of the seconds`,
    shares.face > 0 && `face alone in ${pct(shares.face)}`,
    shares.voice > 0 && `voice alone in ${pct(shares.voice)}`,
    shares.none > 0 && `nothing in ${pct(shares.none)}`,
  ].filter(Boolean);
  return `${GROUP_LABELS[group]}: ${parts.join(', ')}.`;
}

export function reportTitle(data: ReportData): string {
  return `${data.lesson.title} — lesson report${data.version ? ` v${data.version.number}` : ''}`;
}

/** What the figures are and are not: the PDF's footer and the page's closing note. */
export function honestFooter(data: ReportData): string {
  const wording = wordingFor(data.wording);
  return data.wording === 'expression'
    ? `${wording.nounPlural} are what a face or voice shows, not what a person feels. Every figure is a model's estimate, not a measurement.`
    : 'Expressions are not feelings: the models read faces and voices, not minds. Every figure is an estimate, not a measurement.';
}

const SOUND_FLAG_TEXT: Record<string, string> = { clipping: 'clipped in places', 'very-low-level': 'very quiet', noisy: 'noisy', 'no-speech': 'no speech found' };

/** The data-quality panel as label/value rows (recording facts, readable faces, sound, people, models). */
export function dataQualityRows(data: ReportData): Array<[string, string]> {
  const q = data.quality;
  const r = data.recording;
  return [
    ['Recording', `${r.originalName}, ${clock(data.durationS)} (min:s), ${(r.sizeBytes / 1024 ** 2).toFixed(1)} MB, ${r.container.split(',')[0]}`],
    ['Picture', r.video ? `${r.video.codec} ${r.video.width}×${r.video.height}${r.video.frameRate ? ` at ${r.video.frameRate.toFixed(2)} frames/s` : ''}` : 'none'],
    ['Sound', r.audio ? `${r.audio.codec}, ${r.audio.sampleRate / 1000} kHz, ${r.audio.channels} channel${r.audio.channels === 1 ? '' : 's'}` : 'none'],
    ['SHA-256 of the file', r.sha256],
    ['Readable faces', q.readableFacePct === null ? '–' : `${Math.round(q.readableFacePct)} % of visible faces were big and clear enough to read`],
    ['Sound quality', q.snrDb === null ? '–' : `speech-to-noise ratio ${q.snrDb.toFixed(1)} dB${q.soundFlags.length ? `; ${q.soundFlags.map((f) => SOUND_FLAG_TEXT[f] ?? f).join(', ')}` : ''}`],
    ['Speech', q.speechRatioPct === null ? '–' : `${Math.round(q.speechRatioPct)} % of the sound track`],
    ['People and voices', `${q.people} ${q.people === 1 ? 'person' : 'people'} seen, ${q.voices} ${q.voices === 1 ? 'voice' : 'voices'} told apart`],
    ['Teacher’s face', q.teacherFace ?? 'not found'],
    ['Teacher’s voice', q.teacherVoice ?? 'not found'],
    ['Face detector', q.detector ?? '–'],
    ['Analysis backend', q.backend ? `TensorFlow.js ${q.backend}` : '–'],
    ...q.models.map((m) => [m.role, `${m.name}; ${m.version}`] as [string, string]),
  ];
}
