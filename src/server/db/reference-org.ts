/**
 * The province and its jurisdictions (rules.md §9): 18 省辖市, 10 省直管县（市）, and the two groups whose
 * applications the province reviews itself. Region codes are the national administrative division codes.
 */
export const PROVINCE = { name: '河南省人力资源和社会保障厅', code: '410000' } as const;

export interface JurisdictionSeed {
  name: string;
  code: string | null;
  type: 'city' | 'county' | 'provincial_units' | 'central_units';
}

export const JURISDICTIONS: JurisdictionSeed[] = [
  { name: '郑州市', code: '410100', type: 'city' },
  { name: '开封市', code: '410200', type: 'city' },
  { name: '洛阳市', code: '410300', type: 'city' },
  { name: '平顶山市', code: '410400', type: 'city' },
  { name: '安阳市', code: '410500', type: 'city' },
  { name: '鹤壁市', code: '410600', type: 'city' },
  { name: '新乡市', code: '410700', type: 'city' },
  { name: '焦作市', code: '410800', type: 'city' },
  { name: '濮阳市', code: '410900', type: 'city' },
  { name: '许昌市', code: '411000', type: 'city' },
  { name: '漯河市', code: '411100', type: 'city' },
  { name: '三门峡市', code: '411200', type: 'city' },
  { name: '南阳市', code: '411300', type: 'city' },
  { name: '商丘市', code: '411400', type: 'city' },
  { name: '信阳市', code: '411500', type: 'city' },
  { name: '周口市', code: '411600', type: 'city' },
  { name: '驻马店市', code: '411700', type: 'city' },
  { name: '济源市', code: '419001', type: 'city' },
  { name: '巩义市', code: '410181', type: 'county' },
  { name: '兰考县', code: '410225', type: 'county' },
  { name: '汝州市', code: '410482', type: 'county' },
  { name: '滑县', code: '410526', type: 'county' },
  { name: '长垣市', code: '410783', type: 'county' },
  { name: '邓州市', code: '411381', type: 'county' },
  { name: '永城市', code: '411481', type: 'county' },
  { name: '固始县', code: '411525', type: 'county' },
  { name: '鹿邑县', code: '411628', type: 'county' },
  { name: '新蔡县', code: '411729', type: 'county' },
  { name: '省直单位', code: null, type: 'provincial_units' },
  { name: '中央驻豫单位', code: null, type: 'central_units' },
];

/** Demo departments and units (sample data, not real registrations): name → [credit code, units]. */
export const DEMO_DEPARTMENTS: Array<{
  jurisdiction: string;
  name: string;
  code: string;
  units: Array<[string, string]>;
}> = [
  {
    jurisdiction: '郑州市',
    name: '郑州市教育局',
    code: '11410100MB1017000M',
    units: [
      ['郑州市第一中学', '12410100MB30170201'],
      ['郑州市实验幼儿园', '12410100MB40170308'],
    ],
  },
  {
    jurisdiction: '郑州市',
    name: '郑州市卫生健康委员会',
    code: '11410100MB2017010W',
    units: [
      ['郑州市中心医院', '12410100MB5017040F'],
      ['郑州市疾病预防控制中心', '12410100MB6017050N'],
    ],
  },
  {
    jurisdiction: '洛阳市',
    name: '洛阳市交通运输局',
    code: '11410300MB7017060B',
    units: [
      ['洛阳市公路事业发展中心', '12410300MB9017080N'],
      ['洛阳市道路运输服务中心', '12410300MBA017090X'],
    ],
  },
  {
    jurisdiction: '洛阳市',
    name: '洛阳市农业农村局',
    code: '11410300MB8017070J',
    units: [
      ['洛阳市农业技术推广站', '12410300MBB017100G'],
      ['洛阳市动物疫病预防控制中心', '12410300MBC017110P'],
    ],
  },
  // A 省直单位 department: the province reviews its applications itself (no jurisdiction level).
  {
    jurisdiction: '省直单位',
    name: '河南省交通运输厅',
    code: '11410000MB00171202',
    units: [['河南省公路工程试验检测中心', '12410000MB00171300']],
  },
];
