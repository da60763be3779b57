import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { categories } from '../../../db/recordSchemas.ts';
import type { Rule, RuleContext, RuleHit } from '../../Rule.ts';
import { gradeRank } from './gradeRank.ts';
import { parseQualificationRequirement } from './parseQualificationRequirement.ts';

const requirement = z.object({
  category: z.enum(categories),
  industry: z.string().nullable().default(null).describe('Project industry (stg_projects.industry) the row applies to; null = any.'),
  title_keyword: z.string().nullable().default(null).describe('A word the tender title must contain (监理, 设计 …); null = any.'),
  qualification_types: z.array(z.string()).min(1).describe('Accepted 资质 types, any one suffices; SQL LIKE patterns (% = anything).'),
});

/**
 * Which 资质 a tender needs when it does not say (建筑业企业资质标准, 建市〔2014〕159号; 工程监理/设计/勘察资质标准).
 * The most specific matching row wins (industry and keyword each count one).
 */
const defaultRequirements = [
  { category: 'works', industry: '房建', qualification_types: ['建筑工程施工总承包'] },
  { category: 'works', industry: '市政', qualification_types: ['市政公用工程施工总承包'] },
  { category: 'works', industry: '交通', qualification_types: ['公路工程施工总承包'] },
  { category: 'works', industry: '水利', qualification_types: ['水利水电工程施工总承包'] },
  { category: 'works', industry: '能源', qualification_types: ['电力工程施工总承包'] },
  { category: 'works', qualification_types: ['%施工总承包', '%专业承包'] },
  { category: 'services', title_keyword: '监理', qualification_types: ['工程监理%'] },
  { category: 'services', title_keyword: '设计', qualification_types: ['工程设计%'] },
  { category: 'services', title_keyword: '勘察', qualification_types: ['工程勘察%'] },
] as const;

const parameters = z.object({
  requirements: z
    .array(requirement)
    .default(defaultRequirements.map((r) => ({ industry: null, title_keyword: null, ...r, qualification_types: [...r.qualification_types] })))
    .describe('The qualification a tender needs when it does not state one (extra field `qualification_requirement` or `required_qualification`, stg_tender_requirements): category × industry × title keyword → accepted 资质 types, from 建筑业企业资质标准 (建市〔2014〕159号) and the 监理/设计/勘察 qualification standards. Works by project industry need the matching 施工总承包; works of unknown industry accept any 施工总承包 or 专业承包; goods need none.'),
  score_lacking: z
    .number().min(0).max(1).default(0.75)
    .describe('No accepted qualification at all: the bidder could only qualify through a borrowed certificate (Reg Art. 42).'),
  score_expired: z
    .number().min(0).max(1).default(0.6)
    .describe('An accepted qualification on record, but not valid on the deadline day: lapsed certificate, weaker.'),
  score_grade_too_low: z
    .number().min(0).max(1).default(0.55)
    .describe('The type held and valid, at a lower grade than the tender states: beyond the grade\'s permitted scope (建筑法第二十六条 "在其资质等级许可的业务范围内承揽工程"), or a higher grade borrowed for the bid; weaker than lacking the type.'),
});

type Parameters = z.infer<typeof parameters>;

const ruleSql = readFileSync(new URL('./rule.sql', import.meta.url), 'utf8');

/**
 * Parses every distinct stated requirement and every distinct held (type, grade) once, in TypeScript where the
 * reading of Chinese requirement text is testable, into two temp tables rule.sql joins on.
 */
async function run({ db }: RuleContext, p: Parameters): Promise<RuleHit[]> {
  const texts = await db.query<{ requirement_text: string }>('select distinct required_qualification as requirement_text from stg_tender_requirements');
  const statedItems = texts.flatMap(({ requirement_text }) =>
    parseQualificationRequirement(requirement_text).alternatives.flatMap((alternative, alternativeNo) =>
      alternative.map((item, itemNo) => ({
        requirement_text, alternative_no: alternativeNo + 1, item_no: itemNo, type: item.type, specialty: item.specialty, min_rank: item.minRank, words: item.text, known: item.known,
      })),
    ),
  );
  const heldKinds = await db.query<{ qualification_type: string; grade: string | null }>('select distinct qualification_type, grade from stg_company_qualifications');
  const heldTypes = heldKinds.map(({ qualification_type, grade }) => {
    const item = parseQualificationRequirement(qualification_type).alternatives[0]?.[0];
    return { qualification_type, grade, type: item?.type ?? qualification_type, specialty: item?.specialty ?? null, rank: gradeRank(grade) ?? item?.minRank ?? null };
  });
  await db.run(
    `create or replace temp table b4_stated_items as
     select row ->> '$.requirement_text' as requirement_text, (row ->> '$.alternative_no')::integer as alternative_no,
            (row ->> '$.item_no')::integer as item_no, row ->> '$.type' as type, row ->> '$.specialty' as specialty,
            (row ->> '$.min_rank')::integer as min_rank, row ->> '$.words' as words, (row ->> '$.known')::boolean as known
     from (select unnest(cast(cast($rows as json) as json[])) as row)`,
    { rows: JSON.stringify(statedItems) },
  );
  await db.run(
    `create or replace temp table b4_held_types as
     select row ->> '$.qualification_type' as qualification_type, row ->> '$.grade' as grade, row ->> '$.type' as type,
            row ->> '$.specialty' as specialty, (row ->> '$.rank')::integer as rank
     from (select unnest(cast(cast($rows as json) as json[])) as row)`,
    { rows: JSON.stringify(heldTypes) },
  );
  const rows = await db.query<{ tender_id: string; company_ids: string[]; record_ids: string[]; score: number; evidence: string }>(
    `select tender_id, company_ids, record_ids, score, evidence::varchar as evidence from (${ruleSql})`,
    p as unknown as Record<string, unknown>,
  );
  return rows.map((row) => ({ ...row, company_ids: [...row.company_ids], record_ids: [...row.record_ids], evidence: JSON.parse(row.evidence) }));
}

/** B4: the bidder lacked the qualification the work needs, or it had expired, at the bid deadline. */
export const rule: Rule<typeof parameters> = {
  id: 'B4-bidder-lacks-qualification',
  detection: 'B4',
  family: 'qualification',
  title: { zh: '投标人不具备相应资质或资质过期', en: 'Bidder lacked a valid qualification at the deadline' },
  legalBasis: [
    {
      zh: '《招标投标法》第二十六条：投标人应当具备承担招标项目的能力；国家有关规定对投标人资格条件或者招标文件对投标人资格条件有规定的，投标人应当具备规定的资格条件。',
      en: 'Bidding Law Art. 26: bidders must hold the qualifications the law or the tender documents require.',
    },
    {
      zh: '《招标投标法实施条例》第四十二条：使用通过受让或者租借等方式获取的资格、资质证书投标的，属于以他人名义投标；第五十一条：投标人不符合国家或者招标文件规定的资格条件的，评标委员会应当否决其投标。',
      en: 'Regulations Arts. 42, 51: bidding with borrowed certificates is bidding in another\'s name; a bidder without the required qualification must be rejected.',
    },
    {
      zh: '《建筑法》第十三条、第二十六条：承包建筑工程的单位应当持有依法取得的资质证书，并在其资质等级许可的业务范围内承揽工程。',
      en: 'Construction Law Arts. 13, 26: contractors must hold the qualification for the works they take on.',
    },
  ],
  parameters,
  evaluate: { kind: 'code', run },
  folder: new URL('./', import.meta.url),
  kind: 'statutory',
  reads: {
    mart_bids: ['bid_id', 'tender_id', 'bidder_id', 'consortium_ids', 'status', 'bid_deadline'],
    mart_tenders: ['tender_id', 'title', 'category', 'industry'],
    stg_company_qualifications: ['company_id', 'qualification_type', 'valid_from', 'valid_to'],
    stg_tender_requirements: ['tender_id', 'required_qualification'],
    stg_companies: ['company_id', 'name'],
    stg_projects: ['project_code'],
  },
  coverage: {
    candidates: 'mart_bids',
    where: 'status <> \'withdrawn\'',
    unit: 'tender',
    inputs: [
      { name: 'qualification records of bidders (企业资质)', present: 'bidder_id in (select company_id from stg_company_qualifications)' },
    ],
  },
};
