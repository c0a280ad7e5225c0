import type { TensorflowBackend } from '../tf';

/**
 * Everything here is plain JSON: chunk results are stored as jsonb between
 * jobs and merged by a later job, and the lesson result is re-read when the
 * teacher changes who they are.
 */

/** face-api's face detectors: SSD MobileNet V1, or the Tiny Face Detector. */
export type DetectorName = 'ssd' | 'tiny';

/**
 * What the school lets the analysis read from students' faces: everything ('read'), or nothing but the
 * teacher's face — with an anonymous count of the other faces visible ('count-only') or without ('off').
 */
export const STUDENT_FACE_READINGS = ['read', 'count-only', 'off'] as const;
export type StudentFaceReading = (typeof STUDENT_FACE_READINGS)[number];

/**
 * Teacher-only analysis: every face that is not the teacher's is dropped; with 'count-only', [t, how many]
 * is kept for each analysed frame where such faces were seen, and nothing else about them.
 */
export type TeacherOnly = { reading: Exclude<StudentFaceReading, 'read'>; counts: Array<[number, number]> };

/** [x, y, width, height] in pixels of the analysed frame. */
export type PixelBox = [number, number, number, number];

/** [x, y, width, height] as fractions of the frame's width and height (independent of the decode size). */
export type RelativeBox = [number, number, number, number];

/** One face in one analysed frame. */
export interface FaceObservation {
  /** Seconds from the start of the lesson video. */
  t: number;
  box: RelativeBox;
  /** Detector score of the detection this box came from (0–1). */
  score: number;
  /** Face size in analysed-frame pixels (square root of the box area). */
  sizePx: number;
  /** 0–1: detector score × size factor (saturating at 80 px) × frontalness; 0 for faces too small to read. */
  quality: number;
  /** Probabilities in EMOTIONS order; null when the face was too small to read. */
  expressions: number[] | null;
  /** [yaw, pitch, roll] in degrees from the landmarks (measured on detector frames, carried between them); null when too small. */
  pose: [number, number, number] | null;
  /**
   * Mouth opening (mouth.ts) where the landmarks were read, i.e. on detector
   * frames; null elsewhere and for faces too small to read. Missing in results
   * made before it was recorded.
   */
  mouth?: number | null;
}

export interface BestFrame {
  t: number;
  box: RelativeBox;
  quality: number;
}

/** One face followed through consecutive analysed frames of one chunk (or, after merging, across chunks). */
export interface FaceTrack {
  id: string;
  startS: number;
  endS: number;
  observations: FaceObservation[];
  /** Mean 128-d descriptor of the track's best frames; null if it was never large enough to read. */
  descriptor: number[] | null;
  /** Number of frames the descriptor was averaged over. */
  descriptorFrames: number;
  best: BestFrame;
}

export interface StageTimings {
  decodeS: number;
  detectS: number;
  trackS: number;
  readS: number;
  describeS: number;
  totalS: number;
}

export interface FaceChunkResult {
  version: 1;
  startS: number;
  endS: number;
  fps: number;
  frameWidth: number;
  frameHeight: number;
  detector: DetectorName;
  backend: TensorflowBackend;
  hasVideo: boolean;
  framesAnalysed: number;
  /** Full-frame detector passes (the rest of the frames were tracked). */
  detectorFrames: number;
  facesSeen: number;
  facesTooSmall: number;
  tracks: FaceTrack[];
  /** Times of the frames where the picture changed since the last detector pass by more than 30 % (a cut, or a camera move); absent in results made before they were recorded. */
  cuts?: number[];
  /** Set when only the teacher's faces were kept; absent when every face was read. */
  teacherOnly?: TeacherOnly;
  timings: StageTimings;
  note?: string;
}

export interface Person {
  /** Lesson-local id, P1, P2, … ordered by first appearance. */
  id: string;
  trackIds: string[];
  descriptor: number[] | null;
  visibleS: number;
  /** Visible time ranges [startS, endS), gaps shorter than two frame intervals bridged. */
  ranges: Array<[number, number]>;
  medianSizePx: number;
  best: BestFrame;
}

export type TeacherMethod = 'enrolled' | 'heuristic' | 'teacher-marked' | 'none';

export interface TeacherChoice {
  personId: string | null;
  method: TeacherMethod;
  /** True only when enrolment photos matched or the teacher marked themselves. */
  confirmed: boolean;
  /** Enrolment: descriptor distance of the match; heuristic: the winning score. */
  evidence: number | null;
  explanation: string;
}

export interface LessonFaces {
  version: 1;
  startS: number;
  endS: number;
  fps: number;
  /** Analysed frame size in pixels (0 when there was no video). */
  frameWidth: number;
  frameHeight: number;
  detector: DetectorName;
  backend: TensorflowBackend;
  hasVideo: boolean;
  /** Fraction of analysed frames with at least one face. */
  coverage: number;
  framesAnalysed: number;
  tracks: FaceTrack[];
  people: Person[];
  teacher: TeacherChoice;
  /** Set when only the teacher's face was kept; absent when every face was read. */
  teacherOnly?: TeacherOnly;
  note?: string;
}
