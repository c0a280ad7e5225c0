import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { getDb } from '../../lib/db/client';
import { seedDemoData } from '../../lib/db/seed';
import { classes, users } from '../../lib/db/schema';
import { findActor } from '../../lib/db/queries';
import { createLesson } from '../../lib/db/queries';

export const SHARED_DATA = path.resolve('../shared/data');
export const HAMILTON_CLIP = path.join(SHARED_DATA, 'video/short_hamilton_clip.mp4');
export const hasSharedData = existsSync(SHARED_DATA);
export const NEEDS_SHARED_DATA = 'needs ../shared/data (the shared training and evaluation data) beside the repository';

export function scratchDir(prefix = 'lessonlens-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a test recording made by ffmpeg from its lavfi sources (colour bars, a tone). */
export function generateRecording(file: string, options: { seconds: number; video?: boolean; audio?: boolean; size?: string; extra?: string[] }): string {
  const args = ['-nostdin', '-v', 'error', '-y'];
  if (options.video !== false) args.push('-f', 'lavfi', '-i', `testsrc2=size=${options.size ?? '320x240'}:rate=10:duration=${options.seconds}`);
  if (options.audio !== false) args.push('-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=16000:duration=${options.seconds}`);
  if (options.video !== false) args.push('-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p');
  if (options.audio !== false) args.push('-c:a', 'aac');
  args.push(...(options.extra ?? []), file);
  execFileSync('ffmpeg', args);
  return file;
}

/** The demo school's people, as policy actors, plus a new lesson of Physics 9A (taught by Alex Chen). */
export async function demoSchool() {
  await seedDemoData();
  const db = getDb();
  const byEmail = async (email: string) => {
    const [user] = await db.select().from(users).where(eq(users.email, email));
    return (await findActor(user.id))!;
  };
  const owner = await byEmail('alex.chen@riverside.example');
  const otherTeacher = await byEmail('jordan.blake@riverside.example');
  const head = await byEmail('sam.rivera@riverside.example');
  const student = await byEmail('ava.patel@riverside.example');
  const admin = await byEmail('morgan.admin@riverside.example');
  const [physics] = await db.select().from(classes).where(eq(classes.teacherId, owner.id));
  const [history] = await db.select().from(classes).where(eq(classes.teacherId, otherTeacher.id));
  const newLesson = (title = 'Forces') =>
    createLesson({ schoolId: owner.schoolId, classId: physics.id, teacherId: owner.id, title, taughtOn: '2026-11-20' });
  return { owner, otherTeacher, head, student, admin, physics, history, newLesson };
}
