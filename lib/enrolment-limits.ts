/** Limits of a teacher's enrolment, shared by the profile page and the enrolment code (which loads the models). */
export const MAX_REFERENCE_PHOTOS = 5;
export const VOICE_SAMPLE_SECONDS = { min: 20, max: 60 } as const;
