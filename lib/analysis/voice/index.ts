/** The voice stage's public API for worker jobs and pages. */
export { analyseVoiceChunk, type VoiceChunkInput, type VoiceChunkOptions } from './chunk';
export { mergeVoiceChunks, type MergeOptions } from './merge';
export { relabelTeacher, relinkTeacherByMouth } from './teacher';
export { voiceTimelines, type VoiceSecond, type VoiceGroupSecond, type VoiceRole } from './timeline';
export { talkMetrics, type TalkMetrics, type LessonTalkMetrics } from './talk-metrics';
export { enrolVoice } from './enrol';
export type * from './types';
