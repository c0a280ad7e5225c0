import { classroomNoise, rms } from '../audio/classroom-noise';
import { ANALYSIS_SAMPLE_RATE } from '../../lib/analysis/audio/decode';
import { loadClips } from '../audio/speech-clips';
import { seededRandom, shuffled } from '../random';
import { cosine, type SpeakerEncoder } from '../../lib/analysis/voice/speaker-encoder';
import { readRavdessManifest } from './constructed-lesson';

/**
 * Speaker verification of the encoder on single corpus clips: every pair of clips of the given speakers, scored
 * by the cosine of their utterance embeddings; same-speaker pairs should score higher than different-speaker ones.
 * Noisy conditions add the synthetic classroom noise (murmur of other speakers) at the given SNR, against each
 * clip's own power.
 */
export interface VerificationScores {
  /** Area under the ROC curve of same- vs different-speaker pairs. */
  auc: number;
  /** Equal error rate: false accepts = false rejects. */
  eer: number;
  /** Mean cosine of same- and of different-speaker pairs. */
  sameMean: number;
  differentMean: number;
  pairs: number;
}

export async function verificationScores(options: {
  encoder: SpeakerEncoder;
  datasetDir: string;
  speakers: string[];
  murmurSpeakers: string[];
  snrDb: number | null;
  seed: number;
}): Promise<VerificationScores> {
  const random = seededRandom(options.seed);
  const manifest = readRavdessManifest(options.datasetDir);
  const clips = await loadClips(manifest.filter((c) => options.speakers.includes(c.speaker)));
  const murmur = options.snrDb === null ? [] : (await loadClips(shuffled(manifest.filter((c) => options.murmurSpeakers.includes(c.speaker)), random).slice(0, 40))).map((c) => c.pcm);
  const embeddings: Float32Array[] = [];
  for (const clip of clips) {
    let pcm = clip.pcm;
    if (options.snrDb !== null) {
      const noise = classroomNoise({ samples: pcm.length, sampleRate: ANALYSIS_SAMPLE_RATE, random, murmurClips: murmur });
      const gain = rms(pcm) / 10 ** (options.snrDb / 20) / Math.max(rms(noise), 1e-12);
      pcm = pcm.map((v, i) => v + gain * noise[i]);
    }
    embeddings.push(await options.encoder.embedUtterance(pcm));
  }
  const same: number[] = [];
  const different: number[] = [];
  for (let a = 0; a < clips.length; a++) {
    for (let b = a + 1; b < clips.length; b++) (clips[a].speaker === clips[b].speaker ? same : different).push(cosine(embeddings[a], embeddings[b]));
  }
  return { ...rocFigures(same, different), sameMean: mean(same), differentMean: mean(different), pairs: same.length + different.length };
}

/** AUC (Mann–Whitney, ties count half) and EER of target (same) against non-target (different) scores. */
export function rocFigures(same: number[], different: number[]): { auc: number; eer: number } {
  const all = [...same.map((score) => ({ score, target: true })), ...different.map((score) => ({ score, target: false }))].sort((a, b) => a.score - b.score);
  let rankSum = 0;
  for (let i = 0; i < all.length; ) {
    let j = i;
    while (j < all.length && all[j].score === all[i].score) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) if (all[k].target) rankSum += rank;
    i = j;
  }
  const auc = (rankSum - (same.length * (same.length + 1)) / 2) / (same.length * different.length);
  // Sweep the threshold upwards: false rejects rise, false accepts fall.
  let falseRejects = 0;
  let falseAccepts = different.length;
  let eer = 1;
  for (const item of all) {
    if (item.target) falseRejects++;
    else falseAccepts--;
    const frr = falseRejects / same.length;
    const far = falseAccepts / different.length;
    if (frr >= far) {
      eer = (frr + far) / 2;
      break;
    }
  }
  return { auc, eer };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / Math.max(values.length, 1);
