/**
 * The words a Chinese qualification requirement is written in: the 资质 type names of
 * 《建筑业企业资质标准》(建市〔2014〕159号) with the older names platforms still print
 * (建设部令第87号, 2007 standard), the engineering-services families (工程监理/设计/勘察资质标准)
 * and the grades in every spelling announcements use.
 */
export const qualificationVocabulary = {
  /** 施工总承包 types (建市〔2014〕159号 二), the stem before 施工总承包. */
  generalContracting: [
    '建筑工程', '公路工程', '铁路工程', '港口与航道工程', '水利水电工程', '电力工程', '矿山工程', '冶金工程',
    '石油化工工程', '市政公用工程', '通信工程', '机电工程',
  ],
  /** 专业承包 types (建市〔2014〕159号 三), the stem before 专业承包. */
  specialistContracting: [
    '地基基础工程', '起重设备安装工程', '预拌混凝土', '电子与智能化工程', '消防设施工程', '防水防腐保温工程', '桥梁工程',
    '隧道工程', '钢结构工程', '模板脚手架', '建筑装修装饰工程', '建筑机电安装工程', '建筑幕墙工程', '古建筑工程',
    '城市及道路照明工程', '公路路面工程', '公路路基工程', '公路交通工程', '铁路电务工程', '铁路铺轨架梁工程', '铁路电气化工程',
    '机场场道工程', '民航空管工程及机场弱电系统工程', '机场目视助航工程', '港口与海岸工程', '航道工程', '通航建筑物工程',
    '港航设备安装及水上交管工程', '水工金属结构制作与安装工程', '水利水电机电安装工程', '河湖整治工程', '输变电工程', '核工程',
    '海洋石油工程', '环保工程', '特种工程',
  ],
  /** Names of the 2007 standard (and common misspellings) → the 2014 name. */
  aliases: {
    房屋建筑工程: '建筑工程',
    房屋建筑: '建筑工程',
    市政工程: '市政公用工程',
    市政公用: '市政公用工程',
    机电安装工程: '机电工程',
    水利水电: '水利水电工程',
    公路: '公路工程',
    建筑装饰装修工程: '建筑装修装饰工程',
    装饰装修工程: '建筑装修装饰工程',
    建筑智能化工程: '电子与智能化工程',
    电子工程: '电子与智能化工程',
    地基与基础工程: '地基基础工程',
    土石方工程: '地基基础工程',
    城市道路照明工程: '城市及道路照明工程',
    送变电工程: '输变电工程',
    环保工程专业: '环保工程',
  } as Record<string, string>,
  /**
   * Grade ranks: smaller is higher. 特级 and 综合资质 stand above every grade; 一级 and 甲级 are the
   * first grade of their standard, and so on. A grade no one grades by (不分等级) is null: it
   * satisfies any stated grade.
   */
  gradeRanks: { 特: 0, 综合: 0, 一: 1, 甲: 1, 二: 2, 乙: 2, 三: 3, 丙: 3, 四: 4, 丁: 4 } as Record<string, number>,
  /** Capital numerals (大写) and digits announcements write grades in. */
  numerals: { 壹: '一', 贰: '二', 貳: '二', 两: '二', 叁: '三', 參: '三', 肆: '四', '1': '一', '2': '二', '3': '三', '4': '四', Ⅰ: '一', Ⅱ: '二', Ⅲ: '三' } as Record<string, string>,
} as const;
