/** Limits of a teacher's reference photos and voice sample, shared by the profile page and the code that makes templates from them (which loads the models). */
export const MAX_REFERENCE_PHOTOS = 5;
export const VOICE_SAMPLE_SECONDS = { min: 20, max: 60 } as const;
/** A 60 s sample is far smaller in any format a browser records or a teacher uploads. */
export const MAX_VOICE_SAMPLE_BYTES = 50 * 1024 * 1024;
