import { parentPort, workerData } from 'node:worker_threads';
import { rules as registry } from '../../rules/registry.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { LeadPageMessage, LeadPageWorkerData } from './LeadPagePool.ts';
import { renderLeadJob, type LeadJobSetting } from './renderLeadJob.ts';

/**
 * A worker thread of LeadPagePool.ts: runs each job it is sent (renderLeadJob.ts) and answers
 * with the result. The run's header (with the company names) comes once, in `workerData`; each
 * job brings its leads, and the first job of a batch the batch's context.
 */
const data = workerData as LeadPageWorkerData;
const setting: LeadJobSetting = { ...data, rules: new Map(registry.map((rule) => [rule.id, rule])) };
const contexts = new Map<number, LeadContext>();
parentPort!.on('message', (job: LeadPageMessage) => {
  try {
    if (job.context) contexts.set(job.contextId, job.context);
    for (const id of contexts.keys()) if (id !== job.contextId && !job.keep.includes(id)) contexts.delete(id);
    const context = contexts.get(job.contextId);
    if (!context) throw new Error(`no context ${job.contextId} for job ${job.id}`);
    const result = renderLeadJob(job, context, setting);
    // The pages' bytes move to the main thread without a copy.
    parentPort!.postMessage({ id: job.id, result }, result.pages.flatMap((page) => (page.bytes ? [page.bytes.buffer as ArrayBuffer] : [])));
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
