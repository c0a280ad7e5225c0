export { analyseFaceChunk, FACE_CHUNK_DEFAULTS, type FaceChunkInput } from './chunk';
export { planChunks } from '../chunks';
export { mergeFaceChunks, markTeacher, type MergeOptions } from './merge';
export { faceTimelines, type FaceTimelines, type PersonTimeline, type LessonTimeline } from './timelines';
export { enrolDescriptors } from './enrol';
export { cutFaceCrop, type FaceCropInput } from './faceCrop';
export { probeVideo, type VideoInfo } from './frames';
export { IDENTITY_THRESHOLD } from './people';
export type * from './types';
