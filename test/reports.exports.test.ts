import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runScan } from '../cli/runScan.ts';
import { withDatabase, withTempDir } from './support/withDatabase.ts';
import { loadScenario } from './reports.scenario.ts';

const ACCOUNT = '6222020200112233777';

describe('report exports', () => {
  it('writes leads.csv (UTF-8 BOM), leads.json, leads.md and the HTML, with no bank account in full', async () => {
    await withTempDir(async (dir) => {
      await withDatabase(async (db) => {
        await loadScenario(db);
        await runScan({ db, input: null, out: dir, runId: 'run-1' });
        const leads = await db.query<{ lead_id: string }>('select lead_id from leads order by score desc, lead_id');
        const read = (...path: string[]) => readFileSync(join(dir, 'run-1', ...path), 'utf8');

        const csv = read('leads.csv');
        expect(csv.charCodeAt(0)).toBe(0xfeff);
        const lines = csv.slice(1).trimEnd().split('\r\n');
        expect(lines[0]).toBe('lead_id,title,family,score,status,active,is_new,detections,company_ids,company_names,tender_ids,project_codes,person_ids,first_seen_run,last_seen_run,review_note,reviewer,reviewed_at');
        expect(lines.slice(1).map((line) => line.split(',')[0])).toEqual(leads.map((l) => l.lead_id));
        expect(csv).toContain('恒达建设有限公司');

        const json = read('leads.json');
        expect(JSON.parse(json).leads.map((l: { lead_id: string }) => l.lead_id)).toEqual(leads.map((l) => l.lead_id));
        const pages = leads.map((l) => read('html', 'leads', `${l.lead_id}.html`));
        for (const text of [csv, json, read('leads.md'), read('html', 'index.html'), ...pages]) expect(text).not.toContain(ACCOUNT);
        expect(json).toContain('********3777');
        expect(read('leads.md')).toContain('# bidwatch 问题线索报告');
        // Self-contained: no external script, stylesheet or image.
        for (const page of [read('html', 'index.html'), ...pages]) expect(page).not.toMatch(/<(script|link|img)[^>]+(src|href)=["']?(https?:)?\/\//);
      });
    });
  });
});
