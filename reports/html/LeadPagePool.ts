import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { Rule } from '../../rules/Rule.ts';
import type { LeadContext } from '../loadLeadContext.ts';
import type { ReportLead, RunReport } from '../loadRunReport.ts';
import { writeLeadPage, type WrittenPage } from './writeLeadPage.ts';

/** What every worker gets once: where to write, and the run (with the company names) the pages show. */
export interface LeadPageWorkerData {
  html: string;
  report: RunReport;
}

/**
 * Some pages to render: the leads, the hashes of their pages already on disk, and their context.
 * A batch's context serves many jobs: a worker is sent it with the first of them (`context`),
 * keeps it by `contextId`, and forgets every context not listed in `keep`.
 */
export interface LeadPageJob {
  id: number;
  leads: ReportLead[];
  previous: Record<string, string>;
  contextId: number;
  context?: LeadContext;
  keep: number[];
}

type Answer = { id: number; pages: WrittenPage[]; error?: undefined } | { id: number; error: string; pages?: undefined };

interface Waiting {
  job: Omit<LeadPageJob, 'context' | 'keep'>;
  context: LeadContext;
  resolve: (pages: WrittenPage[]) => void;
  reject: (error: Error) => void;
}

/**
 * Renders lead pages on `threads` worker threads, or on the caller's thread when `threads` is 0.
 * Rendering a page (evidence tables, SVG pictures, a force layout for the network) is pure
 * JavaScript: on the profile of a 10,000-lead report it is about two thirds of the CPU, while
 * DuckDB and the file writes are the rest, so spreading it over the cores shortens the report
 * (see reports/README.md). Workers read nothing from the database: the caller sends each job's
 * leads and context.
 *
 * @example
 * const pool = new LeadPagePool(LeadPagePool.defaultThreads(), { html, report });
 * const pages = await pool.render(leads, context, {});
 * await pool.close();
 */
export class LeadPagePool {
  /** One worker per core the process may use: the main thread mostly waits on DuckDB meanwhile. */
  static defaultThreads(): number {
    return availableParallelism();
  }

  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Waiting[] = [];
  private readonly running = new Map<number, Waiting & { worker: Worker }>();
  private nextId = 1;
  private readonly contextIds = new WeakMap<LeadContext, number>();
  /** The contexts each worker holds. */
  private readonly held = new Map<Worker, Set<number>>();
  private failure: Error | null = null;

  constructor(
    readonly threads: number,
    private readonly data: LeadPageWorkerData,
    /** The rules a page cites; workers use the registry's, so a custom list renders on the caller's thread. */
    private readonly rules: ReadonlyMap<string, Rule>,
  ) {
    for (let i = 0; i < threads; i += 1) {
      const worker = new Worker(new URL('./startLeadPageWorker.mjs', import.meta.url), {
        workerData: data,
        // Not the parent's loader flags (the entry registers tsx itself); a CPU profile, if asked for, covers the workers too.
        execArgv: process.execArgv.filter((flag) => flag.startsWith('--cpu-prof')),
      });
      worker.on('message', (answer: Answer) => this.answered(worker, answer));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => { if (code !== 0) this.fail(new Error(`lead page worker exited with code ${code}`)); });
      this.all.push(worker);
      this.idle.push(worker);
      this.held.set(worker, new Set());
    }
  }

  /** Jobs sent and not yet answered (running or queued): the caller waits when this grows. */
  render(leads: ReportLead[], context: LeadContext, previous: Record<string, string>): Promise<WrittenPage[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.threads === 0) {
      return Promise.resolve(leads.map((lead) => writeLeadPage(lead, this.data.report, context, this.rules, this.data.html, previous[lead.lead_id])));
    }
    let contextId = this.contextIds.get(context);
    if (contextId === undefined) this.contextIds.set(context, contextId = this.nextId++);
    const job = { id: this.nextId++, leads, previous, contextId };
    return new Promise((resolve, reject) => {
      this.queue.push({ job, context, resolve, reject });
      this.dispatch();
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((worker) => worker.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const waiting = this.queue.shift()!;
      this.running.set(waiting.job.id, { ...waiting, worker });
      const keep = new Set([...this.running.values(), ...this.queue].map((w) => w.job.contextId));
      const held = this.held.get(worker)!;
      const message: LeadPageJob = { ...waiting.job, keep: [...keep] };
      if (!held.has(waiting.job.contextId)) message.context = waiting.context;
      for (const id of held) if (!keep.has(id)) held.delete(id);
      held.add(waiting.job.contextId);
      worker.postMessage(message);
    }
  }

  private answered(worker: Worker, answer: Answer): void {
    const waiting = this.running.get(answer.id);
    this.running.delete(answer.id);
    this.idle.push(worker);
    if (answer.error !== undefined) waiting?.reject(new Error(`lead page worker: ${answer.error}`));
    else waiting?.resolve(answer.pages);
    this.dispatch();
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiting of [...this.running.values(), ...this.queue]) waiting.reject(error);
    this.running.clear();
    this.queue.length = 0;
  }
}
