import { parentPort, workerData } from 'node:worker_threads';
import { rules as registry } from '../../rules/registry.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { LeadPageJob, LeadPageWorkerData } from './LeadPagePool.ts';
import { writeLeadPage } from './writeLeadPage.ts';

/**
 * A worker thread of LeadPagePool.ts: renders and writes the lead pages of each job it is sent
 * and answers with the pages' hashes. The run's header (and the company names) come once, in
 * `workerData`; each job brings its leads, and the first job of a batch the batch's context.
 */
const { html, report } = workerData as LeadPageWorkerData;
const contexts = new Map<number, LeadContext>();
const ruleById = new Map(registry.map((rule) => [rule.id, rule]));
parentPort!.on('message', (job: LeadPageJob) => {
  try {
    if (job.context) contexts.set(job.contextId, job.context);
    for (const id of contexts.keys()) if (id !== job.contextId && !job.keep.includes(id)) contexts.delete(id);
    const context = contexts.get(job.contextId);
    if (!context) throw new Error(`no context ${job.contextId} for job ${job.id}`);
    const pages = job.leads.map((lead) => writeLeadPage(lead, report, context, ruleById, html, job.previous[lead.lead_id]));
    parentPort!.postMessage({ id: job.id, pages });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: error instanceof Error ? error.stack ?? error.message : String(error) });
  }
});
