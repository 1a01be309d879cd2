import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { convert, type HtmlToTextOptions } from 'html-to-text';
import juice from 'juice';

// CSS inlining (juice) and the plain-text part (html-to-text) of an email take 30-150 ms for one
// message: in a worker thread, so that a campaign starting does not hold up the webhook listener or
// the window. Falls back to this thread when the worker cannot run.

export interface InlineOptions {
  juice: juice.Options;
  text: HtmlToTextOptions;
}

// The worker: CommonJS, given the paths of the very modules the app uses.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const juice = require(workerData.juice);
const { convert } = require(workerData.htmlToText);
parentPort.on('message', ({ id, document, options }) => {
  try {
    const html = juice(document, options.juice);
    parentPort.postMessage({ id, html, text: convert(html, options.text) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err && err.message || err) });
  }
});
`;

export function inlineInThread(document: string, options: InlineOptions): { html: string; text: string } {
  const html = juice(document, options.juice);
  return { html, text: convert(html, options.text) };
}

export function createInliner() {
  let worker: Worker | undefined;
  let broken = false;
  let next = 0;
  const waiting = new Map<number, { resolve: (v: { html: string; text: string }) => void; reject: (e: Error) => void }>();

  function start(): Worker | undefined {
    if (broken) return undefined;
    if (worker) return worker;
    try {
      const require = createRequire(import.meta.url);
      const w = new Worker(WORKER_SOURCE, { eval: true, workerData: { juice: require.resolve('juice'), htmlToText: require.resolve('html-to-text') } });
      w.unref();
      w.on('message', (m: { id: number; html?: string; text?: string; error?: string }) => {
        const p = waiting.get(m.id);
        waiting.delete(m.id);
        if (!p) return;
        if (m.error !== undefined) p.reject(new Error(m.error));
        else p.resolve({ html: m.html!, text: m.text! });
      });
      const fail = (err: Error) => {
        broken = true;
        worker = undefined;
        for (const p of waiting.values()) p.reject(err);
        waiting.clear();
      };
      w.on('error', fail);
      w.on('exit', () => {
        if (worker === w) fail(new Error('the email worker stopped'));
      });
      worker = w;
      return w;
    } catch {
      broken = true;
      return undefined;
    }
  }

  return {
    /** The inlined HTML and its text part; in the worker when it runs, else here. */
    async inline(document: string, options: InlineOptions): Promise<{ html: string; text: string }> {
      const w = start();
      if (!w) return inlineInThread(document, options);
      const id = (next += 1);
      try {
        return await new Promise((resolve, reject) => {
          waiting.set(id, { resolve, reject });
          w.postMessage({ id, document, options });
        });
      } catch {
        return inlineInThread(document, options);
      }
    },
    async close() {
      const w = worker;
      worker = undefined;
      broken = true;
      await w?.terminate();
    },
  };
}
export type Inliner = ReturnType<typeof createInliner>;
