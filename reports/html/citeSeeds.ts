/**
 * The policy documents the rules cite (/work/shared/seeds/NNN_*.txt), by their published title,
 * issuer, date and document number (文号) where the page gives one. Rules written before these
 * were identified cite "种子文件000" or "seed 000"; the report shows the real citation instead.
 */
export const seedDocuments: Record<string, { zh: string; en: string }> = {
  '000': {
    zh: '勐海县发展和改革局《勐海县开展重大项目审批监管“阳光行动”工作实施方案》（2023年7月4日发布）',
    en: 'Menghai County Development and Reform Bureau, implementation plan of the "Sunshine Action" on supervising major project approvals (published 4 July 2023)',
  },
  '001': {
    zh: '尧都区人民政府办公室《关于印发尧都区固定资产投资项目建设常态化工作机制的通知》（尧区政办发〔2018〕55号，2018年6月25日）',
    en: 'Yaodu District Government Office, notice on the standing mechanism for fixed-asset investment projects (尧区政办发〔2018〕55号, 25 June 2018)',
  },
  '002': {
    zh: '益阳高新区《工程建设项目招投标突出问题专项整治》工作方案（2020年7月23日发布）',
    en: 'Yiyang High-tech Zone, special campaign on prominent problems in construction-project tendering (published 23 July 2020)',
  },
  '003': {
    zh: '沧州渤海新区管理委员会《关于印发〈渤海新区项目落地难问题清理整改“回头看”工作方案〉的通知》（渤新管字〔2018〕220号，2018年5月28日）',
    en: 'Cangzhou Bohai New Area Management Committee, "look-back" work plan on projects that fail to land (渤新管字〔2018〕220号, 28 May 2018)',
  },
  '004': {
    zh: '清水县《贯彻落实〈关于建立健全重大建设项目协同推进机制的意见〉加快重点项目建设实施方案》',
    en: 'Qingshui County, implementation plan for speeding up key projects under the opinions on coordinated promotion of major projects',
  },
};

/** The ways rules name a seed: 整治方案（种子文件000）, （种子文件002）, 种子文件000/002, (seed 003), Seed 000. */
const seedMention = /(?:[^\s（(；;，,。：:]*[（(])?(?:种子文件|[Ss]eed )(\d{3})(?:\/(\d{3}))?[）)]?/g;

// A report cites the same few dozen legal-basis texts on every one of its pages: remember them.
const cited = { zh: new Map<string, string>(), en: new Map<string, string>() };

/** Replaces placeholder seed mentions in a legal-basis text with the documents' real citations. */
export function citeSeeds(text: string, language: 'zh' | 'en'): string {
  const known = cited[language].get(text);
  if (known !== undefined) return known;
  const result = replaceMentions(text, language);
  if (cited[language].size < 10_000) cited[language].set(text, result);
  return result;
}

function replaceMentions(text: string, language: 'zh' | 'en'): string {
  return text.replace(seedMention, (whole: string, first: string, second: string | undefined) => {
    const documents = [first, second].filter((n): n is string => !!n).map((n) => seedDocuments[n]?.[language]);
    return documents.every(Boolean) ? documents.join(language === 'zh' ? '；' : '; ') : whole;
  });
}
