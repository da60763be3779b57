import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '../db/Database.ts';
import { startDesk, type RunningDesk } from '../desk/startDesk.ts';
import { deskDatabase, type DeskDatabase } from './support/deskDatabase.ts';
import { signIn } from './support/deskClient.ts';

const cheap = { log2N: 12, r: 8, p: 1 };
const root = join(import.meta.dirname, '..');

describe('the review desk beside a running scan', () => {
  let database: DeskDatabase;
  let desk: RunningDesk;
  let scan: ChildProcessWithoutNullStreams | undefined;

  beforeAll(async () => {
    database = await deskDatabase();
    desk = await startDesk({ db: database.path, port: 0, host: '127.0.0.1', pollMs: 200 });
    await desk.store.addUser('wang', 'reviewer', 'wang-reviewer-pw', 'test', cheap);
  });

  afterAll(async () => {
    scan?.kill();
    await desk?.close();
    rmSync(database.dir, { recursive: true, force: true });
  });

  it('accepts a review while a scan holds the database, and the scan merges it', async () => {
    const client = await signIn(desk.url, 'wang', 'wang-reviewer-pw');
    expect(desk.snapshot.state).toBe('ready');

    scan = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'support', 'scanWhenTold.ts'), database.path, 'run-2'], { cwd: root });
    let output = '';
    scan.stdout.on('data', (chunk) => (output += String(chunk)));
    scan.stderr.on('data', (chunk) => (output += String(chunk)));
    while (!output.includes('paused')) {
      if (scan.exitCode !== null) throw new Error(`scan process ended: ${output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    // The database is locked: the desk cannot read it and says so, but keeps serving and accepts the review.
    await expect(Database.open(database.path, { readOnly: true })).rejects.toThrow(/lock/i);
    await desk.snapshot.refresh();
    expect(desk.snapshot.state).toBe('scan-running');
    const index = await (await client.request('/')).text();
    expect(index).toContain('data-state="scan-running"');
    expect(index).toContain(database.ids.ring);
    const review = await client.post(`/leads/${database.ids.ring}/review`, { status: 'reviewing', note: '扫描期间登记：已调取投标文件', assignee: 'wang' });
    expect(review.status).toBe(303);
    expect(desk.store.reviews.forLead(database.ids.ring).map((r) => r.to_status)).toEqual(['reviewing']);
    const page = await (await client.request(`/leads/${database.ids.ring}`)).text();
    expect(page).toContain('data-status="reviewing"');

    scan.stdin.write('go\n');
    const [code] = await once(scan, 'exit');
    expect(code, output).toBe(0);

    // After the scan the desk reads the new scan, whose leads carry the merged review.
    await desk.snapshot.refresh();
    expect(desk.snapshot.state).toBe('ready');
    expect(desk.snapshot.report?.run.run_id).toBe('run-2');
    const ring = desk.snapshot.report!.leads.find((lead) => lead.lead_id === database.ids.ring)!;
    expect(ring.status).toBe('reviewing');
    expect(ring.reviews.map((r) => r.note)).toEqual(['扫描期间登记：已调取投标文件']);
    const after = await (await client.request(`/leads/${database.ids.ring}`)).text();
    expect(after).toContain('data-status="reviewing"');
    expect(after.match(/扫描期间登记/g)).toHaveLength(1); // once in the history, not twice (desk + merged copy)

    const db = await Database.open(database.path, { readOnly: true });
    try {
      const rows = await db.query<{ status: string; reviewer: string; from_status: string; assignee: string; review_id: string }>(
        'select status, reviewer, from_status, assignee, review_id from lead_reviews where lead_id = $id', { id: database.ids.ring });
      expect(rows).toEqual([{ status: 'reviewing', reviewer: 'wang', from_status: 'new', assignee: 'wang', review_id: desk.store.reviews.forLead(database.ids.ring)[0]!.review_id }]);
      const [lead] = await db.query<{ status: string }>('select status from leads where lead_id = $id', { id: database.ids.ring });
      expect(lead?.status).toBe('reviewing');
    } finally {
      db.close();
    }
  });
});
