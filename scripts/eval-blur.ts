/**
 * npm run eval:blur [-- --every N] [--video path]
 *
 * Makes the blurred copy of the shared lesson clip (../shared/data/video/short_hamilton_clip.mp4) as the
 * blurred-copy job does — the analysis at 1 frame/s first, for who the teacher is — and judges it frame by
 * frame (research/blur/evaluate.ts): frames where a student's face is left unblurred (faces found by the
 * detector on the original, and on the copy), how far the face matcher's descriptors of blurred student faces
 * are from the originals, and how little the teacher's face changed. Prints the figures as JSON.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { makeBlurredCopy } from '@/lib/analysis/blur';
import { analyseFaceChunk } from '@/lib/analysis/face/chunk';
import { mergeFaceChunks } from '@/lib/analysis/face/merge';
import { IDENTITY_THRESHOLD } from '@/lib/analysis/face/people';
import { probeMedia } from '@/lib/media/probe';
import { evaluateBlurredCopy } from '../research/blur/evaluate';

const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const video = path.resolve(arg('--video') ?? '../shared/data/video/short_hamilton_clip.mp4');
const everyNth = Number(arg('--every') ?? 1);

const quantiles = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] * 1000) / 1000 : null);
  return { n: sorted.length, min: at(0), median: at(0.5), max: at(1) };
};

const facts = (await probeMedia(video))!;
const dir = mkdtempSync(path.join(os.tmpdir(), 'lessonlens-eval-blur-'));
try {
  let started = Date.now();
  const faces = mergeFaceChunks([await analyseFaceChunk({ videoPath: video, startS: 0, endS: facts.durationSeconds })]);
  const analysisS = (Date.now() - started) / 1000;
  started = Date.now();
  const copy = path.join(dir, 'blurred.mp4');
  const made = await makeBlurredCopy({ videoPath: video, durationS: facts.durationSeconds, faces, excluded: [], detector: 'ssd', output: copy });
  const blurS = (Date.now() - started) / 1000;
  const result = await evaluateBlurredCopy({ original: video, copy, faces, fps: made.fps, width: made.width, durationS: facts.durationSeconds, everyNth });
  const matcher = (faces: typeof result.students) => ({
    mad: quantiles(faces.map((s) => s.mad)),
    detailCorrelation: quantiles(faces.map((s) => s.detailCorrelation)),
    descriptorDistance: quantiles(faces.map((s) => s.distance)),
    erasedDistance: quantiles(faces.map((s) => s.erasedDistance)),
    stillMatching: faces.filter((s) => s.distance < IDENTITY_THRESHOLD).length,
    /** Faces the matcher cannot tell from a blank patch (erased distance under the threshold), and those of them the blur leaves nearer than erasing does. */
    blankLike: faces.filter((s) => s.erasedDistance < IDENTITY_THRESHOLD).length,
    nearerThanErased: faces.filter((s) => s.distance < s.erasedDistance).length,
  });
  console.log(
    JSON.stringify(
      {
        video: path.basename(video),
        durationS: facts.durationSeconds,
        analysis: { seconds: analysisS, people: faces.people.length, teacher: faces.teacher.personId, method: faces.teacher.method },
        copy: { ...made, seconds: blurS, realTime: Math.round((facts.durationSeconds / blurS) * 100) / 100 },
        frames: result.frames,
        framesChecked: result.framesChecked,
        facesOnOriginal: { student: result.studentFaces, teacher: result.teacherFaces },
        framesWithUnblurredStudentFace: { detectorOnOriginal: result.framesWithUnblurredStudentOriginal, detectorOnCopy: result.framesWithUnblurredStudentCopy, at: result.unblurredTimes, faces: result.escapes.map((e) => ({ ...e, t: Math.round(e.t * 100) / 100, box: e.box.map((v) => Math.round(v * 100) / 100), detailCorrelation: Math.round(e.detailCorrelation * 100) / 100 })) },
        copyDetectionsInsideBlur: result.copyDetectionsInBlur,
        studentsAtAnalysisSightings: matcher(result.students),
        readableStudentFacesOnEveryFrame: matcher(result.allStudents),
        teacherAtAnalysisSightings: matcher(result.teacher),
      },
      null,
      2,
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
