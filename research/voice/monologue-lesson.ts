import { classroomNoise, rms } from '../audio/classroom-noise';
import { ANALYSIS_SAMPLE_RATE, decodeAudio } from '../../lib/analysis/audio/decode';
import { loadClips } from '../audio/speech-clips';
import { seededRandom, shuffled, uniform } from '../random';
import { readRavdessManifest, type ConstructedLesson, type GroundTruthUtterance, type LoadedRavdessClip } from './constructed-lesson';

/**
 * The second kind of constructed lesson, made the way a new user would make one: one real speaker (a 10-s
 * recording of a man at a microphone, `video/short_hamilton_clip.mp4` of the shared data) talks in 10-s blocks
 * that cover about half of a ~4-minute lesson, and between the blocks students (RAVDESS actors) answer in short
 * turns of one or two clips with pauses. The teacher's speech is taken as the whole block from the first to the
 * last speech in it (a listener hears one continuous talk; its sub-second pauses count as talk). Noise is the
 * same synthetic classroom noise as the RAVDESS lessons.
 */
export const MONOLOGUE_BLOCKS = 12;
/** Speech of the block inside the 10-s recording (its first and last speech, by our VAD on the clean clip). */
const BLOCK_SPEECH = { startS: 0.1, endS: 9.91 };
/** Students' clips fill roughly this much time between two blocks. */
const GAP_FILL_S = 5.3;

export async function buildMonologueLesson(options: { recording: string; datasetDir: string; students: string[]; murmurSpeakers: string[]; seed: number }): Promise<{ lesson: ConstructedLesson; noise: Float32Array }> {
  const random = seededRandom(options.seed);
  const manifest = readRavdessManifest(options.datasetDir);
  const block = await decodeAudio(options.recording);
  const studentClips = new Map<string, LoadedRavdessClip[]>();
  for (const s of options.students) studentClips.set(s, shuffled(await loadClips(manifest.filter((c) => c.speaker === s)), random));
  const murmur = await loadClips(shuffled(manifest.filter((c) => options.murmurSpeakers.includes(c.speaker)), random).slice(0, 40));
  // The teacher stands nearer the microphone: their speech 4 dB above the students' mean clip level.
  const studentLevel = [...studentClips.values()].flat().reduce((sum, c) => sum + rms(c.pcm), 0) / [...studentClips.values()].flat().length;
  const blockGain = (studentLevel * 10 ** (4 / 20)) / rms(block);
  const studentGain = 1;

  const placed: { pcm: Float32Array; gain: number; onsetS: number; utterance: Omit<GroundTruthUtterance, 'startS' | 'endS' | 'speech'>; speech: { startS: number; endS: number }[] }[] = [];
  let t = 1;
  for (let b = 0; b < MONOLOGUE_BLOCKS; b++) {
    placed.push({ pcm: block, gain: blockGain, onsetS: t, utterance: { speaker: 'hamilton', role: 'teacher', emotion: 'neutral' }, speech: [BLOCK_SPEECH] });
    t += block.length / ANALYSIS_SAMPLE_RATE + uniform(random, 0.6, 1.5);
    if (b === MONOLOGUE_BLOCKS - 1) break;
    const gapStart = t;
    while (t - gapStart < GAP_FILL_S) {
      const available = options.students.filter((s) => studentClips.get(s)!.length > 0);
      const student = available[Math.floor(random() * available.length)];
      const clips = random() < 0.6 ? 1 : 2;
      for (let k = 0; k < clips; k++) {
        const clip = studentClips.get(student)!.shift()!;
        placed.push({ pcm: clip.pcm, gain: studentGain, onsetS: t - clip.speech[0].startS, utterance: { speaker: clip.speaker, role: 'student', emotion: clip.emotion }, speech: clip.speech });
        t += clip.speech[clip.speech.length - 1].endS - clip.speech[0].startS + uniform(random, 0.3, 0.7);
      }
      t += uniform(random, 0.5, 1.5);
    }
  }
  const durationS = t + 1;
  const clean = new Float32Array(Math.ceil(durationS * ANALYSIS_SAMPLE_RATE));
  const utterances: GroundTruthUtterance[] = placed.map((p) => {
    const offset = Math.round(p.onsetS * ANALYSIS_SAMPLE_RATE);
    for (let i = 0; i < p.pcm.length && offset + i < clean.length; i++) if (offset + i >= 0) clean[offset + i] += p.gain * p.pcm[i];
    const speech = p.speech.map((s) => ({ startS: p.onsetS + s.startS, endS: p.onsetS + s.endS }));
    return { ...p.utterance, startS: speech[0].startS, endS: speech[speech.length - 1].endS, speech };
  });
  const lesson: ConstructedLesson = { sampleRate: ANALYSIS_SAMPLE_RATE, durationS, teacher: 'hamilton', students: options.students, utterances, clean };
  const noise = classroomNoise({ samples: clean.length, sampleRate: ANALYSIS_SAMPLE_RATE, random, murmurClips: murmur.map((c) => c.pcm) });
  return { lesson, noise };
}
