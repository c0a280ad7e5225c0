import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { topEmotion } from '@/lib/analysis/emotions';
import { detectFaces, frameTensor, loadFaceModels, readFaces } from '@/lib/analysis/face/faceEngine';
import { enrolDescriptors } from '@/lib/analysis/face/enrol';
import { decodeImage } from '@/lib/analysis/face/frames';
import { descriptorDistance } from '@/lib/analysis/face/descriptors';
import { IDENTITY_THRESHOLD } from '@/lib/analysis/face/people';

const EXAMPLES = path.resolve('../shared/data/faces/examples');
const skip = !existsSync(EXAMPLES) && 'needs ../shared/data/faces/examples';

test('backend is tfjs-node or WASM, never the cpu backend', async () => {
  const backend = await loadFaceModels();
  assert.ok(backend === 'wasm' || backend === 'tensorflow');
});

for (const emotion of ['angry', 'disgusted', 'fearful', 'happy', 'neutral', 'sad', 'surprised'] as const) {
  test(`example photo ${emotion}.jpg reads as ${emotion} through detect → landmarks → expressions`, { skip }, async () => {
    await loadFaceModels();
    const image = await decodeImage(path.join(EXAMPLES, `${emotion}.jpg`));
    const frame = frameTensor(image.data, image.width, image.height);
    try {
      const faces = await detectFaces(frame, 'ssd', 0.5);
      assert.equal(faces.length, 1);
      const [reading] = await readFaces(frame, [faces[0].box]);
      const top = topEmotion(reading.expressions);
      assert.equal(top.emotion, emotion);
      assert.ok(top.probability > 0.9, `${emotion} at ${top.probability}`);
      assert.ok(Math.abs(reading.pose.yaw) < 30, `yaw ${reading.pose.yaw}`);
    } finally {
      frame.dispose();
    }
  });
}

test('mouth opening from the landmarks: wide open on surprised.jpg, closed lips on angry.jpg and sad.jpg', { skip }, async () => {
  await loadFaceModels();
  const mouthOf = async (name: string) => {
    const image = await decodeImage(path.join(EXAMPLES, `${name}.jpg`));
    const frame = frameTensor(image.data, image.width, image.height);
    try {
      const [face] = await detectFaces(frame, 'ssd', 0.5);
      return (await readFaces(frame, [face.box]))[0].mouth;
    } finally {
      frame.dispose();
    }
  };
  const [surprised, angry, sad] = [await mouthOf('surprised'), await mouthOf('angry'), await mouthOf('sad')];
  assert.ok(surprised > 0.3, `surprised ${surprised}`);
  assert.ok(angry < 0.05 && sad < 0.05, `angry ${angry}, sad ${sad}`);
});

test('enrolment descriptors: same person nearer than the threshold, different people farther', { skip }, async () => {
  const [sheldon1, sheldon2, raj1] = await enrolDescriptors([
    path.join(EXAMPLES, 'sheldon/sheldon1.png'),
    path.join(EXAMPLES, 'sheldon/sheldon2.png'),
    path.join(EXAMPLES, 'raj/raj1.png'),
  ]);
  assert.equal(sheldon1.length, 128);
  assert.ok(descriptorDistance(sheldon1, sheldon2) < IDENTITY_THRESHOLD);
  assert.ok(descriptorDistance(sheldon1, raj1) > IDENTITY_THRESHOLD);
});

test('enrolment names the photo that has no face', { skip }, async () => {
  const noFace = await decodeImage(path.join(EXAMPLES, 'bbt1.jpg'));
  // A 400×300 patch of bookshelf (top-left corner of bbt1) has no face in it.
  const { spawnSync } = await import('node:child_process');
  const jpeg = spawnSync('ffmpeg', ['-v', 'error', '-i', path.join(EXAMPLES, 'bbt1.jpg'), '-vf', 'crop=400:300:0:420', '-f', 'image2pipe', '-c:v', 'mjpeg', 'pipe:1']).stdout;
  assert.ok(noFace.width > 400 && jpeg.length > 0);
  await assert.rejects(enrolDescriptors([jpeg]), /no face found in reference photo #1/);
});
