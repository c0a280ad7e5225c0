import { planChunks } from '../chunks';
import { analyseFaceChunk } from '../face/chunk';
import type { DetectorName, FaceTrack } from '../face/types';

/**
 * The blur pass looks for faces five times a second (the analysis: once),
 * runs the full detector on every second of those frames and at every cut,
 * and follows faces in between; its lower score threshold finds faces the
 * analysis would not read (a false find only blurs a patch of wall). Faces
 * are not read, so no landmarks, expressions or descriptors are computed.
 */
export const BLUR_DETECTION = { fps: 5, detectEvery: 2, minScore: 0.3 } as const;

/** Every face's boxes over the whole recording, for blurring: chunk by chunk in this process, memory bounded by a frame. */
export async function findFacesToBlur(input: {
  videoPath: string;
  durationS: number;
  detector: DetectorName;
  signal?: AbortSignal;
  onProgress?(fraction: number): void;
}): Promise<{ tracks: FaceTrack[]; cuts: number[]; detectorFrames: number; framesAnalysed: number }> {
  const chunks = planChunks(input.durationS);
  const tracks: FaceTrack[] = [];
  // A chunk's start is a cut too: its tracks start afresh there.
  const cuts: number[] = [];
  let detectorFrames = 0;
  let framesAnalysed = 0;
  for (const [i, chunk] of chunks.entries()) {
    const result = await analyseFaceChunk({
      videoPath: input.videoPath,
      ...chunk,
      fps: BLUR_DETECTION.fps,
      detectEvery: BLUR_DETECTION.detectEvery,
      minScore: BLUR_DETECTION.minScore,
      detector: input.detector,
      minFaceSize: Number.POSITIVE_INFINITY,
      signal: input.signal,
      onProgress: (fraction) => input.onProgress?.((i + fraction) / chunks.length),
    });
    tracks.push(...result.tracks);
    cuts.push(...(i > 0 ? [chunk.startS] : []), ...(result.cuts ?? []));
    detectorFrames += result.detectorFrames;
    framesAnalysed += result.framesAnalysed;
  }
  return { tracks, cuts, detectorFrames, framesAnalysed };
}
