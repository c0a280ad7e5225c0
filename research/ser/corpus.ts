import { readFileSync } from 'node:fs';
import path from 'node:path';
import { EMOTIONS, type Emotion } from '../../lib/analysis/emotions';

/**
 * Corpus emotion names → the shared label set. RAVDESS "calm" has no
 * counterpart on the face side and is acoustically a low-arousal neutral, so
 * it folds into neutral. Names are matched case-insensitively.
 */
export const CORPUS_EMOTION_MAP: Readonly<Record<string, Emotion>> = {
  neutral: 'neutral',
  calm: 'neutral',
  happy: 'happy',
  happiness: 'happy',
  sad: 'sad',
  sadness: 'sad',
  angry: 'angry',
  anger: 'angry',
  fearful: 'fearful',
  fear: 'fearful',
  disgust: 'disgusted',
  disgusted: 'disgusted',
  surprised: 'surprised',
  surprise: 'surprised',
};

export interface CorpusClip {
  /** Absolute path of the audio file. */
  file: string;
  speaker: string;
  /** The corpus's own emotion name. */
  corpusEmotion: string;
  /** Index into EMOTIONS. */
  label: number;
  split: 'train' | 'validation';
}

/**
 * Reads a corpus manifest (`manifest.csv` with at least the columns path,
 * speaker, emotion, split; paths relative to the manifest). Rows with other
 * splits are ignored; an emotion outside CORPUS_EMOTION_MAP is an error, and
 * so is a speaker on both sides of the split.
 */
export function readCorpusManifest(dataDir: string): CorpusClip[] {
  const manifestPath = path.join(dataDir, 'manifest.csv');
  const rows = parseCsv(readFileSync(manifestPath, 'utf8'));
  const header = rows.shift();
  if (!header) throw new Error(`${manifestPath} is empty`);
  const column = (name: string) => {
    const index = header.indexOf(name);
    if (index < 0) throw new Error(`${manifestPath} has no '${name}' column`);
    return index;
  };
  const [pathCol, speakerCol, emotionCol, splitCol] = ['path', 'speaker', 'emotion', 'split'].map(column);
  const clips: CorpusClip[] = [];
  for (const row of rows) {
    const split = row[splitCol];
    if (split !== 'train' && split !== 'validation') continue;
    const corpusEmotion = row[emotionCol];
    const emotion = CORPUS_EMOTION_MAP[corpusEmotion.toLowerCase()];
    if (!emotion) throw new Error(`${manifestPath}: emotion '${corpusEmotion}' has no mapping to ${EMOTIONS.join(', ')}`);
    clips.push({ file: path.resolve(dataDir, row[pathCol]), speaker: row[speakerCol], corpusEmotion, label: EMOTIONS.indexOf(emotion), split });
  }
  const sides = new Map<string, string>();
  for (const clip of clips) {
    const side = sides.get(clip.speaker);
    if (side && side !== clip.split) throw new Error(`speaker ${clip.speaker} appears in both train and validation`);
    sides.set(clip.speaker, clip.split);
  }
  return clips;
}

/** Minimal RFC 4180 CSV: quoted fields with doubled quotes, CRLF or LF line ends. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((cell) => cell !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  row.push(field);
  if (row.some((cell) => cell !== '')) rows.push(row);
  return rows;
}
