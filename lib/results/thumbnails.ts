import { Readable } from 'node:stream';
import { cutFaceCrop } from '../analysis/face/faceCrop';
import type { LessonFaces } from '../analysis/face/types';
import type { MediaAsset, SchoolSettings } from '../db/schema';
import { derivedKey, type Storage } from '../storage';

/** A run's face crops share one folder beside the recording, so deleting the run deletes them all. */
export function thumbnailFolder(runId: string): string {
  return `people/${runId}`;
}

export interface ThumbnailChanges {
  /** Person → storage key of every crop the settings allow, cut now if missing. */
  keys: Map<string, string>;
  /** Existing crops no longer allowed (after a relabel): delete them once the results without them are stored. */
  stale: string[];
}

/**
 * Face crops for exactly the people the school's privacy settings allow (by
 * default the teacher, never students): cuts missing ones and lists the ones
 * no longer allowed. Crop keys are fixed per run and person, so a retry after
 * a failed store overwrites, never duplicates.
 */
export async function syncThumbnails(input: {
  faces: LessonFaces;
  asset: MediaAsset;
  runId: string;
  settings: SchoolSettings;
  storage: Storage;
  existing: Map<string, string>;
}): Promise<ThumbnailChanges> {
  const { faces, asset, runId, settings, storage, existing } = input;
  const kept = new Map<string, string>();
  const stale: string[] = [];
  for (const person of faces.people) {
    const isTeacher = person.id === faces.teacher.personId;
    const allowed = isTeacher ? settings.keepTeacherThumbnails : settings.keepStudentThumbnails;
    const current = existing.get(person.id);
    if (!allowed) {
      if (current) stale.push(current);
      continue;
    }
    if (current) {
      kept.set(person.id, current);
      continue;
    }
    if (!(await storage.size(asset.storageKey))) continue; // the raw video is gone (retention): no new crops
    const jpeg = await cutFaceCrop({ videoPath: storage.locate(asset.storageKey), timeS: person.best.t, box: person.best.box });
    const key = derivedKey(asset.storageKey, thumbnailFolder(runId) + `/${person.id}.jpg`);
    await storage.write(key, Readable.from([jpeg]));
    kept.set(person.id, key);
  }
  return { keys: kept, stale };
}
