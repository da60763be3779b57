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

/** One batch of pages to render: the leads, their context, and the hashes of the pages already on disk. */
export interface LeadPageJob {
  id: number;
  leads: ReportLead[];
  context: LeadContext;
  previous: Record<string, string>;
}

type Answer = { id: number; pages: WrittenPage[]; error?: undefined } | { id: number; error: string; pages?: undefined };

interface Waiting {
  job: LeadPageJob;
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
  private failure: Error | null = null;

  constructor(
    readonly threads: number,
    private readonly data: LeadPageWorkerData,
    /** The rules a page cites; workers use the registry's, so a custom list renders on the caller's thread. */
    private readonly rules: ReadonlyMap<string, Rule>,
  ) {
    for (let i = 0; i < threads; i += 1) {
      const worker = new Worker(new URL('./startLeadPageWorker.mjs', import.meta.url), { workerData: data, execArgv: [] });
      worker.on('message', (answer: Answer) => this.answered(worker, answer));
      worker.on('error', (error) => this.fail(error));
      worker.on('exit', (code) => { if (code !== 0) this.fail(new Error(`lead page worker exited with code ${code}`)); });
      this.all.push(worker);
      this.idle.push(worker);
    }
  }

  /** Jobs sent and not yet answered (running or queued): the caller waits when this grows. */
  get backlog(): number {
    return this.queue.length + this.running.size;
  }

  render(leads: ReportLead[], context: LeadContext, previous: Record<string, string>): Promise<WrittenPage[]> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.threads === 0) {
      return Promise.resolve(leads.map((lead) => writeLeadPage(lead, this.data.report, context, this.rules, this.data.html, previous[lead.lead_id])));
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { id: this.nextId++, leads, context, previous }, resolve, reject });
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
      worker.postMessage(waiting.job);
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
