import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerRequest, WorkerSetup, WorkerReply } from './_read-pool.ts';
import { readInput } from './_read-one.ts';

// The worker entry of the read pool (`_read-pool.ts`): reads and parses the files it is sent, one at a time,
// and posts back plain data (ParsedInput). The workbook never leaves this thread.

const setup = workerData as WorkerSetup;
const port = parentPort;
if (port === null) throw new Error('_read-worker must run as a worker thread');

// The pool sends the next file before this one is done (no idle gap), but files are read one after another:
// one workbook in memory per worker.
let queue: Promise<void> = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  queue = queue.then(() =>
    readInput(request.file, setup).then(
      (result) => port.postMessage({ index: request.index, result } satisfies WorkerReply),
      (error: unknown) => port.postMessage({ index: request.index, error: describe(error) } satisfies WorkerReply),
    ),
  );
});

// --- internal ---

function describe(error: unknown): { name: string; message: string; stack: string } {
  return error instanceof Error
    ? { name: error.name, message: error.message, stack: error.stack ?? '' }
    : { name: 'Error', message: String(error), stack: '' };
}
