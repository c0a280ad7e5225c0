/**
 * The layering rules of LessonLens, checked by test/layering.test.ts (part of `npm test`):
 * analysis is pure (no database, no web app, no worker), lib never reaches up into the
 * app or the workers, production code never loads research code, and nothing imports
 * itself round a loop (type-only imports included).
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import loop, type-only imports included.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'analysis-is-pure',
      severity: 'error',
      comment: 'lib/analysis computes from media and models; storing and serving is the caller’s job.',
      from: { path: '^lib/analysis/' },
      to: { path: '^(lib/db|app|workers)/' },
    },
    {
      name: 'media-is-plain-tooling',
      severity: 'error',
      comment: 'lib/media (ffmpeg, ffprobe, byte limits) is used by lib/analysis, so it must not reach the database either.',
      from: { path: '^lib/media/' },
      to: { path: '^lib/db/' },
    },
    {
      name: 'lib-below-app-and-workers',
      severity: 'error',
      comment: 'lib is the library the web app and the workers call; it never imports them.',
      from: { path: '^lib/' },
      to: { path: '^(app|workers)/' },
    },
    {
      name: 'no-research-in-production',
      severity: 'error',
      comment: 'Training, augmentation and scoring code stays out of what the web app and the workers load.',
      from: { path: '^(lib|app|workers)/' },
      to: { path: '^research/' },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|\\.next|\\.data)/' },
  },
};
