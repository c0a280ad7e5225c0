import { EMOTIONS, type Emotion } from './analysis/emotions';

/**
 * How a school's pages, PDFs and exports name what the models read: as
 * emotions, or — where inferring emotions in schools is not allowed (EU AI
 * Act) — as visible facial and vocal expressions, with no emotion word at all.
 */
export const WORDING_MODES = ['emotion', 'expression'] as const;
export type WordingMode = (typeof WORDING_MODES)[number];

/** Expression names for the model outputs: what can be seen or heard, not what is felt. */
const EXPRESSION_LABELS: Record<Emotion, string> = {
  neutral: 'neutral',
  happy: 'smiling',
  sad: 'downcast',
  angry: 'frowning',
  fearful: 'tense',
  disgusted: 'grimacing',
  surprised: 'wide-eyed',
};

export interface Wording {
  mode: WordingMode;
  /** "Emotion" or "Expression". */
  noun: string;
  /** "Emotions" or "Expressions". */
  nounPlural: string;
  /** The word for one model output, lower case ("happy" or "smiling"). */
  label(id: Emotion): string;
  /** Every output in EMOTIONS order, with its word. */
  labels: { id: Emotion; label: string }[];
  /** A sentence saying how the results are worded, or null when they are plain emotions. */
  note: string | null;
}

export function wordingFor(mode: WordingMode): Wording {
  const label = (id: Emotion) => (mode === 'expression' ? EXPRESSION_LABELS[id] : id);
  return {
    mode,
    noun: mode === 'expression' ? 'Expression' : 'Emotion',
    nounPlural: mode === 'expression' ? 'Expressions' : 'Emotions',
    label,
    labels: EMOTIONS.map((id) => ({ id, label: label(id) })),
    note: mode === 'expression' ? 'Shown as visible facial and vocal expressions, not as inferred emotions (your school’s setting).' : null,
  };
}
