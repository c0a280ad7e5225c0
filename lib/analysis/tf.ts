import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { isInstalled, packageDir } from './package-dir';

export type TensorflowBackend = 'tensorflow' | 'wasm';

let ready: Promise<TensorflowBackend> | undefined;

/**
 * Selects the TensorFlow.js backend once per process: the native
 * `@tensorflow/tfjs-node` binding when it is installed, else WASM (SIMD is
 * picked up automatically in Node). The pure-JS `cpu` backend is 25–45×
 * slower, so ending up on it is an error, never a fallback.
 */
export function initTensorflow(): Promise<TensorflowBackend> {
  ready ??= withoutRuntimeCrashHandlers(selectBackend);
  return ready;
}

const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection'] as const;

/**
 * The WASM backend's Emscripten runtime installs process handlers that turn
 * any uncaught error or unhandled rejection anywhere in the process into a
 * crash (an aborted upload in the web server, a dropped database connection in
 * a worker). They are removed again: the process keeps its own policy.
 */
async function withoutRuntimeCrashHandlers<T>(init: () => Promise<T>): Promise<T> {
  const listeners = (event: (typeof PROCESS_EVENTS)[number]) => process.listeners(event as 'uncaughtException') as Array<(...args: unknown[]) => void>;
  const before = new Map(PROCESS_EVENTS.map((event) => [event, new Set(listeners(event))]));
  try {
    return await init();
  } finally {
    for (const event of PROCESS_EVENTS) {
      for (const listener of listeners(event)) if (!before.get(event)!.has(listener)) process.removeListener(event, listener);
    }
  }
}

async function selectBackend(): Promise<TensorflowBackend> {
  if (isInstalled('@tensorflow/tfjs-node')) {
    await import(/* webpackIgnore: true */ '@tensorflow/tfjs-node' as string);
    if (await tf.setBackend('tensorflow')) return finish('tensorflow');
  }
  const wasmDist = path.join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist');
  setWasmPaths(wasmDist + path.sep);
  if (!(await tf.setBackend('wasm'))) {
    throw new Error('TensorFlow.js WASM backend failed to initialise; refusing to fall back to the slow cpu backend');
  }
  return finish('wasm');
}

async function finish(backend: TensorflowBackend): Promise<TensorflowBackend> {
  await tf.ready();
  if (tf.getBackend() !== backend) throw new Error(`TensorFlow.js is on '${tf.getBackend()}', expected '${backend}'`);
  return backend;
}

export { tf };
