import type { SyntheticLesson } from './syntheticLesson';

// Photos used in videos are ones SSD MobileNet V1 finds at score ≥ 0.5 when pasted at ~100 px: several of the 150×150
// example crops are cut so tight (no chin, no hairline) that no detector sees a face in them at that size.

/** 24 s, 960×540: a teacher (sheldon, two photos in turn) walking at the front and leaving at 18 s; three seated students; a fourth arrives at 8 s. */
export const SMALL_LESSON: SyntheticLesson = {
  width: 960,
  height: 540,
  durationS: 24,
  fps: 25,
  faces: [
    { name: 'sheldon', photos: ['sheldon2.png', 'sheldon3.png'], switchEveryS: 6, size: 150, x: 160, y: 60, fromS: 0, toS: 18, moveAmplitude: 90, movePeriodS: 20 },
    { name: 'amy', photos: ['amy2.png'], switchEveryS: 30, size: 105, x: 480, y: 380, fromS: 0, toS: 24 },
    { name: 'howard', photos: ['howard5.png'], switchEveryS: 30, size: 105, x: 620, y: 380, fromS: 0, toS: 24 },
    { name: 'raj', photos: ['raj3.png'], switchEveryS: 30, size: 105, x: 760, y: 390, fromS: 0, toS: 24 },
    { name: 'penny', photos: ['penny4.png'], switchEveryS: 30, size: 105, x: 620, y: 200, fromS: 8, toS: 24 },
  ],
};

export const SMALL_LESSON_PEOPLE = 5;
export const TEACHER_ENROLMENT = ['sheldon/sheldon1.png'];
