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

/** A 720p lesson of any length for the benches: a teacher walking at the front (out of the room from 45 % to 55 %), six seated students, one seat changing hands halfway. */
export function benchLesson(minutes: number): SyntheticLesson {
  const d = minutes * 60;
  const seat = (name: string, photo: string, x: number, y: number, fromS = 0, toS = d) => ({ name, photos: [photo], switchEveryS: d, size: 110, x, y, fromS, toS });
  return {
    width: 1280,
    height: 720,
    durationS: d,
    fps: 25,
    faces: [
      // Teacher: four photos in turn, walking across the front, out of the room from 45 % to 55 % of the lesson.
      { name: 'sheldon', photos: ['sheldon2.png', 'sheldon3.png', 'sheldon4.png', 'sheldon5.png'], switchEveryS: 30, size: 170, x: 260, y: 70, fromS: 0, toS: Math.round(d * 0.45), moveAmplitude: 180, movePeriodS: 90 },
      { name: 'sheldon', photos: ['sheldon2.png', 'sheldon3.png', 'sheldon4.png', 'sheldon5.png'], switchEveryS: 30, size: 170, x: 260, y: 70, fromS: Math.round(d * 0.55), toS: d, moveAmplitude: 180, movePeriodS: 90 },
      seat('amy', 'amy2.png', 640, 400),
      seat('bernadette', 'bernadette2.png', 800, 400),
      seat('howard', 'howard5.png', 960, 400),
      seat('leonard', 'leonard2.png', 1120, 410),
      seat('raj', 'raj3.png', 720, 560),
      // One seat changes hands halfway.
      seat('stuart', 'stuart4.png', 880, 560, 0, d / 2),
      seat('penny', 'penny4.png', 880, 560, d / 2, d),
    ],
  };
}
