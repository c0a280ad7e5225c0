import { open } from 'node:fs/promises';

const HEAD_BYTES = 4096;

const startsWith = (head: Buffer, bytes: number[], at = 0) => bytes.every((b, i) => head[at + i] === b);
const ascii = (head: Buffer, text: string, at = 0) => head.subarray(at, at + text.length).toString('latin1') === text;

const IMAGES: Array<{ name: string; test: (head: Buffer) => boolean }> = [
  { name: 'JPEG', test: (h) => startsWith(h, [0xff, 0xd8, 0xff]) },
  { name: 'PNG', test: (h) => startsWith(h, [0x89, 0x50, 0x4e, 0x47]) },
  { name: 'GIF', test: (h) => ascii(h, 'GIF87a') || ascii(h, 'GIF89a') },
  { name: 'WebP', test: (h) => ascii(h, 'RIFF') && ascii(h, 'WEBP', 8) },
  { name: 'BMP', test: (h) => ascii(h, 'BM') && h.length > 26 && h.readUInt32LE(2) > 26 && h[6] === 0 && h[7] === 0 },
  { name: 'TIFF', test: (h) => startsWith(h, [0x49, 0x49, 0x2a, 0x00]) || startsWith(h, [0x4d, 0x4d, 0x00, 0x2a]) },
  { name: 'HEIC', test: (h) => ascii(h, 'ftyp', 4) && /^(heic|heix|mif1|msf1|avif)$/.test(h.subarray(8, 12).toString('latin1')) },
];

const DOCUMENTS: Array<{ name: string; test: (head: Buffer) => boolean }> = [
  { name: 'a PDF document', test: (h) => ascii(h, '%PDF') },
  { name: 'a ZIP archive (or an Office document)', test: (h) => startsWith(h, [0x50, 0x4b, 0x03, 0x04]) },
];

/** Share of bytes that are printable text: above this, the file is text whatever it pretends. */
const TEXT_SHARE = 0.95;

function looksLikeText(head: Buffer): boolean {
  if (head.length === 0) return false;
  let printable = 0;
  // Tabs, line ends and ESC (ANSI colour codes) count as text.
  for (const byte of head) if (byte === 9 || byte === 10 || byte === 13 || byte === 27 || (byte >= 32 && byte !== 127)) printable++;
  return !head.includes(0) && printable / head.length >= TEXT_SHARE;
}

function describeText(text: string): string {
  const body = text.replace(/^\uFEFF/, '').trimStart();
  if (/^#EXTM3U/i.test(body) || /^\s*<\?xml[^>]*>\s*<MPD\b/i.test(body) || /^<MPD\b/i.test(body) || /^\[playlist\]/i.test(body)) {
    return 'This is a playlist (a list of links to other files), not a recording. Upload the recording file itself.';
  }
  if (/^ffconcat\b/i.test(body) || /^file\s+['"]?\S/m.test(body)) return 'This is a list of other files, not a recording. Upload the recording file itself.';
  if (/^v=0\s*$/m.test(body) && /^m=(audio|video)\b/m.test(body)) return 'This is a stream description (SDP), not a recording. Upload the recording file itself.';
  if (/^WEBVTT/.test(body) || /^\d+\s*\r?\n\d\d:\d\d:\d\d[,.]\d+\s*-->/.test(body) || /^\[Script Info\]/i.test(body)) {
    return 'This is a subtitle file (text only), not a recording. Upload the video or audio recording of the lesson.';
  }
  return 'This is a text file, not a recording. Upload the video or audio recording of the lesson.';
}

/**
 * A sentence for the teacher when the file's first bytes show it is plainly
 * not a recording (a picture, a document, a playlist, a text file) — said by
 * content, whatever the file is called. null when it may be a recording:
 * ffprobe, restricted to real containers, decides the rest.
 */
export async function describeNonRecording(location: string): Promise<string | null> {
  const file = await open(location, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(buffer, 0, HEAD_BYTES, 0);
    head = buffer.subarray(0, bytesRead);
  } finally {
    await file.close();
  }
  const image = IMAGES.find((kind) => kind.test(head));
  if (image) return `This is a single picture (${image.name}), not a recording. Upload a video or audio recording of the lesson.`;
  const document = DOCUMENTS.find((kind) => kind.test(head));
  if (document) return `This is ${document.name}, not a recording. Upload a video or audio recording of the lesson.`;
  if (looksLikeText(head)) return describeText(head.toString('utf8'));
  return null;
}
