/**
 * Regenerates the expected outputs of each fixtures/ocds/cardinal/NAME/ folder by running the real Cardinal binary
 * (built by bench/peers/buildCardinal.sh into the git-ignored .peers/) on each fixture's input.jsonl and
 * settings.ini.
 *
 *   npx tsx bench/peers/cardinalFixtures.ts [--check] [NAME ...]
 *
 * For each fixture directory it writes:
 *   expected.json          `ocdscardinal indicators --settings settings.ini input.jsonl`
 *   expected.no-meta.json  the same with --no-meta
 *   expected.map.json      the same with --map              (only for fixtures listed in MAP_FIXTURES)
 *   expected.count.txt     standard error of --no-meta --count (only for fixtures listed in MAP_FIXTURES)
 *
 * Cardinal's key order is partly random (Rust HashMap iteration order and rayon's thread split; see
 * docs/cardinal-semantics.md, "Output"). The files hold Cardinal's output with only those random parts put in a
 * canonical order; every number keeps the exact text Cardinal printed, and the parts whose order Cardinal fixes
 * (the top-level keys, the keys inside each Meta indicator, the field order of Maps) keep Cardinal's order:
 *   - identifiers inside OCID/Buyer/ProcuringEntity/Tenderer: sorted by code point;
 *   - indicator codes inside an identifier, and the indicator codes of Meta: sorted;
 *   - keys inside each Maps field: sorted; the arrays of tenderer ids inside Maps: sorted.
 * The result is one line plus "\n", like Cardinal's own output.
 *
 * --check: do not write; exit 1 if any file would change. Runs Cardinal both single-threaded
 * (RAYON_NUM_THREADS=1, which fixes "first observed currency" to file order) and with its default thread count,
 * and fails if the canonical outputs differ.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FIXTURES = join(ROOT, 'fixtures', 'ocds', 'cardinal');
const BINARY = join(ROOT, '.peers', 'cardinal', 'target', 'release', 'ocdscardinal');

// Fixtures whose --map output and --count lines are also recorded.
const MAP_FIXTURES = new Set(['R024', 'R028', 'R030', 'R035', 'R038', 'R058', 'settings-global', 'strict-types']);

// ---------------------------------------------------------------------------------------------------------------
// A JSON reader that keeps each number's source text, so that canonicalisation never reformats a number.

type Json =
  | { t: 'num'; raw: string }
  | { t: 'str'; v: string }
  | { t: 'lit'; raw: 'true' | 'false' | 'null' }
  | { t: 'arr'; items: Json[] }
  | { t: 'obj'; entries: [string, Json][] };

function parseJson(text: string): Json {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++;
  };
  const fail = (what: string): never => {
    throw new Error(`JSON: ${what} at offset ${i}`);
  };
  const str = (): string => {
    const start = i;
    i++; // opening quote
    while (text[i] !== '"') {
      if (i >= text.length) fail('unterminated string');
      i += text[i] === "\\" ? 2 : 1;
    }
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (): Json => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const entries: [string, Json][] = [];
      ws();
      if (text[i] === '}') {
        i++;
        return { t: 'obj', entries };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail('expected key');
        const k = str();
        ws();
        if (text[i++] !== ':') fail("expected ':'");
        entries.push([k, value()]);
        ws();
        const d = text[i++];
        if (d === '}') return { t: 'obj', entries };
        if (d !== ',') fail("expected ',' or '}'");
      }
    }
    if (c === '[') {
      i++;
      const items: Json[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { t: 'arr', items };
      }
      for (;;) {
        items.push(value());
        ws();
        const d = text[i++];
        if (d === ']') return { t: 'arr', items };
        if (d !== ',') fail("expected ',' or ']'");
      }
    }
    if (c === '"') return { t: 'str', v: str() };
    for (const raw of ['true', 'false', 'null'] as const) {
      if (text.startsWith(raw, i)) {
        i += raw.length;
        return { t: 'lit', raw };
      }
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail('unexpected character');
    i += m![0].length;
    return { t: 'num', raw: m![0] };
  };
  const v = value();
  ws();
  if (i !== text.length) fail('trailing characters');
  return v;
}

// serde_json escapes exactly what JSON.stringify escapes for well-formed strings (", \, control characters with
// lowercase \u00xx), and writes everything else, including non-ASCII, as is.
function write(v: Json): string {
  switch (v.t) {
    case 'num':
    case 'lit':
      return v.raw;
    case 'str':
      return JSON.stringify(v.v);
    case 'arr':
      return `[${v.items.map(write).join(',')}]`;
    case 'obj':
      return `{${v.entries.map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`).join(',')}}`;
  }
}

const byCodePoint = (a: string, b: string): number => {
  const x = [...a].map((c) => c.codePointAt(0)!);
  const y = [...b].map((c) => c.codePointAt(0)!);
  for (let k = 0; k < Math.min(x.length, y.length); k++) if (x[k] !== y[k]) return x[k]! - y[k]!;
  return x.length - y.length;
};

const sortEntries = (o: Json): Json => {
  if (o.t !== 'obj') throw new Error('expected an object');
  return { t: 'obj', entries: [...o.entries].sort(([a], [b]) => byCodePoint(a, b)) };
};

export function canonicalCardinal(text: string): string {
  const top = parseJson(text);
  if (top.t !== 'obj') throw new Error('Cardinal output is not an object');
  const entries = top.entries.map(([key, value]): [string, Json] => {
    if (key === 'Meta') return [key, sortEntries(value)];
    if (key === 'Maps') {
      if (value.t !== 'obj') throw new Error('Maps is not an object');
      return [
        key,
        {
          t: 'obj',
          entries: value.entries.map(([field, map]): [string, Json] => {
            const sorted = sortEntries(map);
            if (sorted.t !== 'obj') throw new Error('unreachable');
            return [
              field,
              {
                t: 'obj',
                entries: sorted.entries.map(([k, x]): [string, Json] =>
                  x.t === 'arr'
                    ? [k, { t: 'arr', items: [...x.items].sort((a, b) => byCodePoint(write(a), write(b))) }]
                    : [k, x],
                ),
              },
            ];
          }),
        },
      ];
    }
    // A group: identifiers sorted, indicator codes sorted.
    const group = sortEntries(value);
    if (group.t !== 'obj') throw new Error('unreachable');
    return [key, { t: 'obj', entries: group.entries.map(([id, r]): [string, Json] => [id, sortEntries(r)]) }];
  });
  return `${write({ t: 'obj', entries })}\n`;
}

// ---------------------------------------------------------------------------------------------------------------

function cardinal(dir: string, flags: string[], threads: string | undefined): { stdout: string; stderr: string } {
  const env = { ...process.env };
  if (threads === undefined) delete env.RAYON_NUM_THREADS;
  else env.RAYON_NUM_THREADS = threads;
  const p = spawnSync(BINARY, ['indicators', '--settings', 'settings.ini', ...flags, 'input.jsonl'], {
    cwd: dir,
    env,
    encoding: 'utf8',
  });
  if (p.status !== 0) throw new Error(`${dir}: ocdscardinal exited ${p.status}: ${p.stderr}`);
  return { stdout: p.stdout, stderr: p.stderr };
}

function main(): void {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const only = args.filter((a) => !a.startsWith('--'));
  if (!existsSync(BINARY)) {
    console.error(`Cardinal binary not found at ${BINARY}; run: bash bench/peers/buildCardinal.sh`);
    process.exit(2);
  }
  console.error(execFileSync(BINARY, ['--version'], { encoding: 'utf8' }).trim());
  let changed = 0;
  const names = readdirSync(FIXTURES)
    .filter((n) => statSync(join(FIXTURES, n)).isDirectory())
    .filter((n) => only.length === 0 || only.includes(n))
    .sort();
  for (const name of names) {
    const dir = join(FIXTURES, name);
    const variants: [string, string[], 'stdout' | 'stderr'][] = [
      ['expected.json', [], 'stdout'],
      ['expected.no-meta.json', ['--no-meta'], 'stdout'],
    ];
    if (MAP_FIXTURES.has(name)) {
      variants.push(['expected.map.json', ['--map'], 'stdout']);
      variants.push(['expected.count.txt', ['--no-meta', '--count'], 'stderr']);
    }
    for (const [file, flags, stream] of variants) {
      const one = cardinal(dir, flags, '1');
      const many = cardinal(dir, flags, undefined);
      let out: string;
      if (stream === 'stdout') {
        out = canonicalCardinal(one.stdout);
        if (canonicalCardinal(many.stdout) !== out) {
          throw new Error(`${name}/${file}: output depends on the thread count; make the fixture deterministic`);
        }
      } else {
        // --count prints "Group: n" per group, in the (deterministic) group order; drop log lines.
        out = one.stderr
          .split("\n")
          .filter((l) => /^(OCID|Buyer|ProcuringEntity|Tenderer): \d+$/.test(l))
          .map((l) => `${l}\n`)
          .join('');
      }
      const path = join(dir, file);
      const before = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      if (before !== out) {
        changed++;
        console.error(`${check ? 'would change' : 'wrote'} ${name}/${file}`);
        if (!check) writeFileSync(path, out);
      }
    }
  }
  console.error(`${names.length} fixtures, ${changed} file(s) ${check ? 'out of date' : 'written'}`);
  if (check && changed > 0) process.exit(1);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
