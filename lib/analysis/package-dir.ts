import { createRequire } from 'node:module';
import path from 'node:path';

const requireFromHere = createRequire(import.meta.url);

/**
 * The installed folder of an npm package, resolved when the code runs. The
 * hint keeps Next's bundler from replacing the call with a module id: the web
 * app loads models too (face enrolment).
 */
export function packageDir(name: string): string {
  return path.dirname(requireFromHere.resolve(/* turbopackIgnore: true */ `${name}/package.json`));
}

export function isInstalled(name: string): boolean {
  try {
    packageDir(name);
    return true;
  } catch {
    return false;
  }
}
