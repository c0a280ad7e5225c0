import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The hostile-media corpus: files a careless or malicious teacher could
 * upload, each made here with ffmpeg (nothing is downloaded), with what a
 * correct server does with it. `npm run hostile-media [dir]` writes them;
 * e2e/hostile-media.test.ts uploads every one through the real route.
 *
 * Accepted files are a few seconds long, so analysing them all stays quick.
 */
export type HostileMedia = {
  /** File in the corpus directory. */
  file: string;
  /** The name the upload claims (X-File-Name). */
  uploadAs: string;
  what: string;
  expect: { refused: RegExp } | { accepted: true; note?: RegExp };
};

/** A file outside the media directory that the playlists and lists point at: no upload may ever make ffmpeg open it. */
export const CANARY = 'canary-segment.ts';

/** `work`: a folder for intermediate files; `canary`: the path of the canary file. */
type Maker = { file: string; make: (target: string, where: { work: string; canary: string }) => void };

function ffmpeg(args: string[]): void {
  try {
    execFileSync('ffmpeg', ['-nostdin', '-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (error) {
    throw new Error(`ffmpeg ${args.join(' ')}: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
  }
}

const video = (seconds: number, size = '320x240', rate = 10) => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${rate}:duration=${seconds}`];
const tone = (seconds: number) => ['-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=16000:duration=${seconds}`];
const h264 = ['-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'];

function clip(target: string, seconds: number, extra: string[] = []): void {
  ffmpeg([...video(seconds), ...tone(seconds), ...h264, '-c:a', 'aac', ...extra, target]);
}

/** The first `share` of another corpus file's bytes. */
function cut(source: string, share: number) {
  return (target: string, { work }: { work: string }) => {
    const whole = readFileSync(path.join(work, source));
    writeFileSync(target, whole.subarray(0, Math.floor(whole.length * share)));
  };
}

const text = (content: string) => (target: string) => writeFileSync(target, content);

const MAKERS: Record<string, Maker & Omit<HostileMedia, 'file'>> = {
  empty: { file: 'empty.mp4', uploadAs: 'lesson.mp4', what: 'zero bytes', expect: { refused: /empty \(0 bytes\)/ }, make: text('') },
  text: { file: 'notes.mp4', uploadAs: 'lesson.mp4', what: 'a text file renamed .mp4', expect: { refused: /text file, not a recording/ }, make: text('Lesson notes: forces and motion.\n'.repeat(100)) },
  jpeg: {
    file: 'photo.mp4',
    uploadAs: 'lesson.mp4',
    what: 'a JPEG renamed .mp4',
    expect: { refused: /single picture \(JPEG\)/ },
    make: (t) => ffmpeg([...video(1), '-frames:v', '1', '-f', 'mjpeg', t]),
  },
  gif: {
    file: 'animation.mp4',
    uploadAs: 'lesson.mp4',
    what: 'an animated GIF renamed .mp4',
    expect: { refused: /single picture \(GIF\)/ },
    make: (t) => ffmpeg([...video(1, '64x48'), '-f', 'gif', t]),
  },
  png: { file: 'still.png', uploadAs: 'still.png', what: 'a single PNG image', expect: { refused: /single picture \(PNG\)/ }, make: (t) => ffmpeg([...video(1), '-frames:v', '1', t]) },
  imageSequence: {
    file: 'frame.png',
    uploadAs: 'frame%03d.png',
    what: 'an image named as an ffmpeg image-sequence pattern',
    expect: { refused: /single picture \(PNG\)/ },
    make: (t) => ffmpeg([...video(1), '-frames:v', '1', '-f', 'image2', '-update', '1', t]),
  },
  whole: { file: 'whole-faststart.mp4', uploadAs: 'lesson.mp4', what: 'a 20 s MP4, index at the front', expect: { accepted: true }, make: (t) => clip(t, 20, ['-movflags', '+faststart']) },
  cut10: { file: 'cut-10.mp4', uploadAs: 'lesson.mp4', what: 'the MP4 cut at 10 %', expect: { refused: /cut off: only the first 0:0\d of its 0:20/ }, make: cut('whole-faststart.mp4', 0.1) },
  cut50: { file: 'cut-50.mp4', uploadAs: 'lesson.mp4', what: 'the MP4 cut at 50 %', expect: { refused: /cut off: only the first 0:(09|1\d) of its 0:20/ }, make: cut('whole-faststart.mp4', 0.5) },
  cut90: {
    file: 'cut-90.mp4',
    uploadAs: 'lesson.mp4',
    what: 'the MP4 cut at 90 %',
    expect: { accepted: true, note: /The end of the recording is missing: the file claims 0:20 but only the first 0:1\d could be read/ },
    make: cut('whole-faststart.mp4', 0.9),
  },
  moovAtEnd: { file: 'moov-at-end.mp4', uploadAs: 'lesson.mp4', what: 'a 6 s MP4, index at the end', expect: { accepted: true }, make: (t) => clip(t, 6) },
  moovCut: { file: 'moov-at-end-cut.mp4', uploadAs: 'lesson.mp4', what: 'that MP4 cut at 70 % (its index lost)', expect: { refused: /could not read this file/ }, make: cut('moov-at-end.mp4', 0.7) },
  corruptMiddle: {
    file: 'corrupt-middle.mp4',
    uploadAs: 'lesson.mp4',
    what: 'an MP4 with 10 % random bytes in its middle',
    expect: { accepted: true },
    make: (t, { work }) => {
      const bytes = readFileSync(path.join(work, 'moov-at-end.mp4'));
      randomBytes(Math.floor(bytes.length * 0.1)).copy(bytes, Math.floor(bytes.length * 0.45));
      writeFileSync(t, bytes);
    },
  },
  audioOnly: { file: 'audio-only.m4a', uploadAs: 'voice.m4a', what: 'audio only (AAC in M4A)', expect: { accepted: true, note: /no picture/ }, make: (t) => ffmpeg([...tone(4), '-c:a', 'aac', t]) },
  videoOnly: { file: 'video-only.mp4', uploadAs: 'silent.mp4', what: 'video only', expect: { accepted: true, note: /no sound track/ }, make: (t) => ffmpeg([...video(4), ...h264, t]) },
  subtitlesOnly: {
    file: 'subtitles-only.mkv',
    uploadAs: 'lesson.mkv',
    what: 'a Matroska file with only a subtitle stream',
    expect: { refused: /neither a picture nor a sound track/ },
    make: (t, { work }) => {
      const srt = path.join(work, 'cue.srt');
      writeFileSync(srt, '1\n00:00:00,000 --> 00:00:02,000\nHello class\n');
      ffmpeg(['-i', srt, '-c:s', 'srt', t]);
      rmSync(srt);
    },
  },
  srt: { file: 'subtitles.srt', uploadAs: 'lesson.mp4', what: 'an SRT subtitle file', expect: { refused: /subtitle file/ }, make: text('1\n00:00:00,000 --> 00:00:02,000\nHello class\n\n2\n00:00:02,000 --> 00:00:04,000\nSit down\n') },
  onePixel: { file: 'one-pixel.mkv', uploadAs: 'tiny.mkv', what: 'a 1×1 px video', expect: { accepted: true }, make: (t) => ffmpeg(['-f', 'lavfi', '-i', 'color=c=gray:s=16x16:r=10:d=3,scale=1:1,format=gray', ...tone(3), '-c:v', 'ffv1', '-c:a', 'flac', t]) },
  eightK: { file: '8k.mp4', uploadAs: '8k.mp4', what: 'an 8K (7680×4320) video', expect: { accepted: true }, make: (t) => ffmpeg([...video(1, '7680x4320', 2), ...tone(1), ...h264, '-c:a', 'aac', t]) },
  tenHours: {
    file: 'silent-10h.flac',
    uploadAs: 'silence.flac',
    what: '10 hours of silence (FLAC)',
    expect: { refused: /Recordings up to 4 h long can be analysed, and this one is longer/ },
    make: (t) => ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '36000', '-c:a', 'flac', t]),
  },
  durationLie: {
    file: 'duration-lie.mp3',
    uploadAs: 'lesson.mp3',
    what: 'an MP3 of 10 s at 160 kb/s then 5 h at 8 kb/s (its bitrate estimate says 15 min)',
    expect: { refused: /Recordings up to 4 h long can be analysed, and this one is longer/ },
    make: (t, { work }) => {
      const head = path.join(work, 'lie-head.mp3');
      const tail = path.join(work, 'lie-tail.mp3');
      ffmpeg(['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=44100:duration=10', '-c:a', 'libmp3lame', '-b:a', '160k', head]);
      ffmpeg(['-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '18000', '-c:a', 'libmp3lame', '-b:a', '8k', tail]);
      writeFileSync(t, Buffer.concat([readFileSync(head), readFileSync(tail)]));
      rmSync(head);
      rmSync(tail);
    },
  },
  hlsFile: {
    file: 'playlist-file.m3u8',
    uploadAs: 'lesson.mp4',
    what: 'an HLS playlist whose segment is a local file:// URL',
    expect: { refused: /playlist/ },
    make: (t, { canary }) => writeFileSync(t, `#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:4,\nfile://${canary}\n#EXTINF:4,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n`),
  },
  hlsHttp: {
    file: 'playlist-http.m3u8',
    uploadAs: 'lesson.mp4',
    what: 'an HLS playlist whose segment is an http URL',
    expect: { refused: /playlist/ },
    make: text('#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:4,\nhttp://127.0.0.1:9/segment.ts\n#EXT-X-ENDLIST\n'),
  },
  hlsUnnamed: {
    file: 'playlist-bom.txt',
    uploadAs: 'lesson.mov',
    what: 'the file:// playlist with a byte-order mark, renamed .mov',
    expect: { refused: /playlist/ },
    make: (t, { canary }) => writeFileSync(t, `\uFEFF#EXTM3U\n#EXTINF:4,\nfile://${canary}\n#EXT-X-ENDLIST\n`),
  },
  dash: {
    file: 'manifest.mpd',
    uploadAs: 'lesson.mp4',
    what: 'a DASH manifest',
    expect: { refused: /playlist/ },
    make: (t, { canary }) =>
      writeFileSync(t, `<?xml version="1.0"?>\n<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static"><Period><AdaptationSet><Representation id="1" bandwidth="1"><BaseURL>file://${canary}</BaseURL></Representation></AdaptationSet></Period></MPD>\n`),
  },
  concat: {
    file: 'concat.txt',
    uploadAs: 'lesson.mp4',
    what: 'an ffmpeg concat list naming local files',
    expect: { refused: /list of other files/ },
    make: (t, { canary }) => writeFileSync(t, `ffconcat version 1.0\nfile '${canary}'\nfile '/etc/passwd'\n`),
  },
  sdp: {
    file: 'stream.sdp',
    uploadAs: 'lesson.mp4',
    what: 'an SDP description of an RTP stream (would make ffmpeg listen)',
    expect: { refused: /stream description/ },
    make: text('v=0\no=- 0 0 IN IP4 127.0.0.1\ns=Lesson\nc=IN IP4 127.0.0.1\nt=0 0\nm=video 5004 RTP/AVP 96\na=rtpmap:96 H264/90000\n'),
  },
  ansi: {
    file: 'art.ans',
    uploadAs: 'lesson.mp4',
    what: 'ANSI art (ffmpeg’s tty demuxer)',
    expect: { refused: /text file/ },
    make: text('\x1b[1;33mLESSON\x1b[0m\r\n'.repeat(200)),
  },
  pdf: { file: 'worksheet.pdf', uploadAs: 'lesson.mp4', what: 'a PDF renamed .mp4', expect: { refused: /PDF document/ }, make: text('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') },
  zip: {
    file: 'archive.zip',
    uploadAs: 'lesson.mp4',
    what: 'a ZIP archive renamed .mp4',
    expect: { refused: /ZIP archive/ },
    make: (t) => writeFileSync(t, Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), randomBytes(200)])),
  },
  manyAudio: {
    file: 'fifty-audio-streams.mkv',
    uploadAs: 'lesson.mkv',
    what: 'a Matroska video with 50 audio streams',
    expect: { accepted: true },
    make: (t) => {
      const maps = Array.from({ length: 50 }, (_, i) => ['-map', `[a${i}]`]).flat();
      const split = `[1:a]asplit=50${Array.from({ length: 50 }, (_, i) => `[a${i}]`).join('')}`;
      ffmpeg([...video(2), ...tone(2), '-filter_complex', split, '-map', '0:v', ...maps, ...h264, '-c:a', 'libopus', '-b:a', '16k', t]);
    },
  },
  brokenAviIndex: {
    file: 'broken-index.avi',
    uploadAs: 'lesson.avi',
    what: 'an AVI whose index is overwritten',
    expect: { accepted: true },
    make: (t) => {
      ffmpeg([...video(3), ...tone(3), '-c:v', 'mpeg4', '-c:a', 'mp3', t]);
      const bytes = readFileSync(t);
      const index = bytes.lastIndexOf('idx1');
      if (index < 0) throw new Error('no idx1 in the AVI');
      randomBytes(bytes.length - index).copy(bytes, index);
      writeFileSync(t, bytes);
    },
  },
  phone: {
    file: 'phone-vfr-rotated.mp4',
    uploadAs: 'IMG_0042.MOV',
    what: 'a portrait phone video: variable frame rate, rotated 90°',
    expect: { accepted: true },
    // Stored turned the other way to its rotate=90 tag (as phones do); frames between 1 and 2 s dropped with their timestamps kept.
    make: (t) =>
      ffmpeg([...video(4, '320x180', 30), ...tone(4), '-vf', "transpose=1,select='not(between(t\\,1\\,2))'", '-fps_mode', 'vfr', ...h264, '-c:a', 'aac', '-metadata:s:v:0', 'rotate=90', t]),
  },
  webm: { file: 'lesson.webm', uploadAs: 'lesson.webm', what: 'a WebM (VP9 and Opus)', expect: { accepted: true }, make: (t) => ffmpeg([...video(2), ...tone(2), '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-c:a', 'libopus', t]) },
  wavLie: {
    file: 'wav-claims-more.wav',
    uploadAs: 'lesson.wav',
    what: 'a 3 s WAV whose header claims 4 GB of samples',
    expect: { accepted: true },
    make: (t) => {
      ffmpeg([...tone(3), '-c:a', 'pcm_s16le', t]);
      const bytes = readFileSync(t);
      const data = bytes.indexOf('data');
      bytes.writeUInt32LE(0xffffffff, data + 4);
      bytes.writeUInt32LE(0xffffffff, 4);
      writeFileSync(t, bytes);
    },
  },
};

/** Changes whenever a recipe above changes, so a cached corpus is made again. */
const RECIPES_VERSION = createHash('sha256').update(readFileSync(new URL(import.meta.url))).digest('hex').slice(0, 16);

/**
 * Writes the corpus into `dir` (made anew when the recipes changed) and
 * returns its entries. About 20 s on first use.
 */
export function generateHostileCorpus(dir: string): HostileMedia[] {
  const stamp = path.join(dir, 'recipes-version');
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== RECIPES_VERSION) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    const building = path.join(dir, 'building');
    mkdirSync(building);
    const where = { work: building, canary: path.join(dir, CANARY) };
    for (const maker of Object.values(MAKERS)) maker.make(path.join(building, maker.file), where);
    for (const maker of Object.values(MAKERS)) renameSync(path.join(building, maker.file), path.join(dir, maker.file));
    rmSync(building, { recursive: true });
    writeFileSync(stamp, RECIPES_VERSION);
  }
  // The canary must exist, so that opening it would succeed and show in a trace.
  ffmpeg([...video(1), ...h264, '-f', 'mpegts', path.join(dir, CANARY)]);
  return Object.values(MAKERS).map(({ file, uploadAs, what, expect }) => ({ file, uploadAs, what, expect }));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dir = path.resolve(process.argv[2] ?? '.data/hostile-media');
  const corpus = generateHostileCorpus(dir);
  for (const entry of corpus) console.log(`${entry.file.padEnd(28)} ${'refused' in entry.expect ? 'refuse' : 'accept'}  ${entry.what}`);
  console.log(`${corpus.length} files in ${dir}`);
}
