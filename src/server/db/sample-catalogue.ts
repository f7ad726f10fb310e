/**
 * A sample job-type catalogue for demos and tests, built from the names in rules.md §10 (names seen in Henan
 * notices and in other provinces' catalogues). The categories, codes and grades are plausible, not official:
 * the official catalogue (豫人社工考〔2014〕2号, 289 types) is imported by the province from Excel.
 */
export interface SampleJobType {
  code: string;
  name: string;
  category: string;
  grades: number[];
  localExam: boolean;
}

export interface SampleCatalogue {
  name: string;
  title: string;
  isSample: true;
  jobTypes: SampleJobType[];
}

const ALL = [5, 4, 3, 2, 1];
/** Types whose ladder plausibly stops at 二级 (技师). */
const UP_TO_2 = [5, 4, 3, 2];

const type = (code: string, name: string, category: string, grades = ALL, localExam = false): SampleJobType => ({
  code,
  name,
  category,
  grades,
  localExam,
});

export const SAMPLE_CATALOGUE: SampleCatalogue = {
  name: '示例目录（据公开资料整理，非正式目录）',
  title: '工勤技能岗位工种设置目录（示例）',
  isSample: true,
  jobTypes: [
    type('JT01', '汽车驾驶员', '交通运输类'),
    type('JT02', '汽车维修工', '交通运输类'),
    type('JT03', '公路养护工', '交通运输类', UP_TO_2),
    type('JX01', '车工', '机械类'),
    type('JX02', '钳工', '机械类'),
    type('JX03', '焊工', '机械类'),
    type('JX04', '办公设备维修工', '机械类', UP_TO_2),
    type('DL01', '电工', '电力类'),
    type('SL01', '泵站运行工', '水利类'),
    type('NL01', '农业技术员', '农林牧渔类'),
    type('NL02', '农艺工', '农林牧渔类'),
    type('NL03', '花卉工', '农林牧渔类', UP_TO_2),
    type('NL04', '畜牧工', '农林牧渔类'),
    type('NL05', '兽医工', '农林牧渔类'),
    type('NL06', '动物检疫员', '农林牧渔类'),
    type('WS01', '护理员', '卫生类'),
    type('WS02', '防疫员', '卫生类'),
    type('WS03', '药工', '卫生类'),
    type('WJ01', '保育员', '文教类', UP_TO_2),
    type('WJ02', '图书资料员', '文教类', UP_TO_2),
    type('WJ03', '实验工', '文教类'),
    type('WJ04', '印刷工', '文教类'),
    type('FW01', '保管工', '服务类', UP_TO_2),
    type('FW02', '中式烹调师', '服务类'),
    type('JD01', '计量检定工', '技术监督类', ALL, true),
    type('JD02', '环境噪声监测工', '技术监督类', ALL, true),
    type('CH01', '工程测量员', '测绘类', ALL, true),
  ],
};
