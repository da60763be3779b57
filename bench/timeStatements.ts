import type { Database } from '../db/Database.ts';

/** CPU seconds of this process so far (user + sys, every thread: DuckDB's too). */
export const processCpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

export interface StatementTimes {
  /** Times another async function the same way, labelled by its first argument. */
  wrap<F extends (...args: any[]) => Promise<any>>(fn: F): F;
  /** Prints the `top` statement kinds by CPU: CPU s, wall s, calls, the statement's start. */
  print(top: number): void;
}

/**
 * Times every statement `db` runs from now on (its `run` and `query`), by the first
 * `labelLength` characters of its SQL, and the JavaScript between them: one label for all of it,
 * or with `gaps`, a label per statement it follows. The figures are the process's, so they are
 * only comparable on a quiet machine or as CPU. For bench/profileLoad.ts and profileOcdsLoad.ts.
 */
export function timeStatements(db: Database, options: { labelLength: number; gaps?: boolean; labelOf?: (sql: string, params: unknown) => string }): StatementTimes {
  const totals = new Map<string, { cpu: number; wall: number; calls: number }>();
  const add = (label: string, cpu: number, wall: number) => {
    const total = totals.get(label) ?? { cpu: 0, wall: 0, calls: 0 };
    total.cpu += cpu;
    total.wall += wall;
    total.calls += 1;
    totals.set(label, total);
  };
  const labelOf = options.labelOf ?? ((sql: string) => sql.replace(/\s+/g, ' ').trim().slice(0, options.labelLength));
  let lastCpu = processCpuSeconds();
  let lastWall = performance.now();
  let lastLabel = '(start)';
  const wrap = <F extends (...args: any[]) => Promise<any>>(fn: F): F =>
    (async (...args: any[]) => {
      const cpu0 = processCpuSeconds();
      const wall0 = performance.now();
      add(options.gaps ? `(after) ${lastLabel}` : '(javascript between statements)', cpu0 - lastCpu, (wall0 - lastWall) / 1000);
      try {
        return await fn(...args);
      } finally {
        lastCpu = processCpuSeconds();
        lastWall = performance.now();
        lastLabel = labelOf(String(args[0]), args[1]);
        add(lastLabel, lastCpu - cpu0, (lastWall - wall0) / 1000);
      }
    }) as F;
  db.run = wrap(db.run.bind(db));
  db.query = wrap(db.query.bind(db));
  return {
    wrap,
    print(top: number) {
      for (const [label, t] of [...totals].sort((a, b) => b[1].cpu - a[1].cpu).slice(0, top)) {
        console.log(`${t.cpu.toFixed(2).padStart(7)} cpu ${t.wall.toFixed(2).padStart(7)} wall ${String(t.calls).padStart(5)}×  ${label}`);
      }
    },
  };
}
