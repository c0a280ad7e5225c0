import { lessonFor } from '@/lib/access';
import { currentActor } from '@/lib/auth/session';
import { getMediaAsset } from '@/lib/db/queries';
import { getStorage } from '@/lib/storage';
import { Readable } from 'node:stream';

export const dynamic = 'force-dynamic';

export async function GET(_: Request, { params }: { params: Promise<{ id: string }> }) {
  const lesson = await lessonFor(await currentActor(), (await params).id, 'view');
  const asset = lesson?.currentMediaId ? await getMediaAsset(lesson.currentMediaId) : null;
  if (!asset?.posterKey) return Response.json({ error: 'Not found.' }, { status: 404 });
  const body = Readable.toWeb(getStorage().read(asset.posterKey)) as ReadableStream;
  return new Response(body, { headers: { 'Content-Type': 'image/jpeg', 'Cache-Control': 'private, no-store' } });
}
