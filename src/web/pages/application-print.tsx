import { FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space } from 'antd';
import { useParams } from 'react-router';
import { errorMessage } from '../api/client';
import { applicationApi, queryKeys } from '../api/endpoints';
import { type PrintedOpinion, type ReviewDetail, reviewApi, reviewKeys } from '../api/review';
import type { Application } from '../api/types';
import { PageLoading } from '../components/page-loading';
import { SEX_LABELS } from '../labels';
import { EDUCATION_OPTIONS, GRADE_LABELS } from '../self-check/model';
import './application-print.css';

const COPIES = ['人社部门存档', '单位存档', '主管部门存档'] as const;

/** 'YYYY-MM' or 'YYYY-MM-DD' as 1995.07 (the way such forms are filled in). */
function ym(value: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})/.exec(value ?? '');
  return m ? `${m[1]}.${m[2]}` : '';
}

/** 四级 for the narrow cells; the long form where there is room. */
function educationLabel(value: string): string {
  return EDUCATION_OPTIONS.find((o) => o.value === value)?.label ?? value;
}

/** '2017-02-20' as 2017年2月20日 (the 年月日 of the seal line). */
function cnDate(iso: string | null | undefined): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso ?? '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : null;
}

/** An opinion box: the text, the reviewer, and the seal line with the organisation's seal name and the date. */
function OpinionCell({ opinion, testId }: { opinion: PrintedOpinion | null | undefined; testId: string }) {
  return (
    <td colSpan={8} className="gk-pf-opinion" data-testid={testId}>
      {opinion?.opinion && <div className="gk-pf-opinion-text">{opinion.opinion}</div>}
      <div className="gk-pf-seal">
        {opinion?.reviewerName && <span className="gk-pf-reviewer">审核人：{opinion.reviewerName}</span>}
        <span>{opinion?.sealName ?? ''}（盖章）</span>
        <span>{cnDate(opinion?.date) ?? '年　　月　　日'}</span>
      </div>
    </td>
  );
}

/** One copy of the 申请表, laid out as the annex of 豫人社办函〔2017〕11号. */
function FormCopy({ a, review, copy }: { a: Application; review: ReviewDetail | undefined; copy: string }) {
  // The 2-inch photo beside the first four rows, as on the PDF.
  const photo = a.files.find((f) => f.kind === 'photo');
  return (
    <section className="gk-pf-page" aria-label={`申请表（${copy}）`}>
      <div className="gk-pf-copy">{copy}</div>
      <h1 className="gk-pf-title">河南省机关事业单位工勤技能岗位等级考核申请表</h1>
      <table className="gk-pf-table">
        {/* The PDF's columns (applications.pdf.ts COLS, in points of a 495 pt table): labels and values alternate. */}
        <colgroup>
          <col style={{ width: '9.7%' }} />
          <col style={{ width: '10.9%' }} />
          <col style={{ width: '9.7%' }} />
          <col style={{ width: '9.3%' }} />
          <col style={{ width: '9.7%' }} />
          <col style={{ width: '10.5%' }} />
          <col style={{ width: '9.7%' }} />
          <col style={{ width: '8.9%' }} />
          <col style={{ width: '21.6%' }} />
        </colgroup>
        <tbody>
          <tr>
            <th>姓　名</th>
            <td>{a.name}</td>
            <th>性　别</th>
            <td>{SEX_LABELS[a.sex] ?? ''}</td>
            <th>
              出生
              <br />
              年月
            </th>
            <td className="gk-pf-nowrap">{ym(a.birthMonth || a.birthDate)}</td>
            <th>
              文化
              <br />
              程度
            </th>
            <td className="gk-pf-small">{educationLabel(a.education)}</td>
            <td rowSpan={4} className="gk-pf-photo-cell">
              {photo ? <img src={`/api/applications/${a.id}/files/${photo.id}`} alt="照片" /> : '照片'}
            </td>
          </tr>
          <tr>
            <th>
              参加工作
              <br />
              时　间
            </th>
            <td className="gk-pf-nowrap">{ym(a.workStartMonth)}</td>
            <th>
              工作
              <br />
              年限
            </th>
            <td>{a.workYears}年</td>
            <th>
              身份
              <br />
              证号
            </th>
            <td colSpan={3} className="gk-pf-id">
              {a.idNumber}
            </td>
          </tr>
          <tr>
            <th>
              现岗位
              <br />
              工　种
            </th>
            <td>{a.currentJobType ?? ''}</td>
            <th>
              现岗位
              <br />
              等　级
            </th>
            <td className="gk-pf-small">{a.currentGrade === null ? '无' : GRADE_LABELS[a.currentGrade]}</td>
            <th>
              现等级
              <br />
              取得时间
            </th>
            <td className="gk-pf-nowrap">{ym(a.currentGradeMonth)}</td>
            <th>
              现岗位
              <br />
              工种年限
            </th>
            <td>{a.yearsInCurrentJobType === null ? '' : `${a.yearsInCurrentJobType}年`}</td>
          </tr>
          <tr>
            <th>申报工种</th>
            <td colSpan={3}>{a.appliedJobType}</td>
            <th>
              申报考
              <br />
              核等级
            </th>
            <td colSpan={3}>{GRADE_LABELS[a.appliedGrade]}</td>
          </tr>
          <tr className="gk-pf-tall">
            <th>单位审核意见</th>
            <OpinionCell opinion={review?.opinions.unit} testId="print-opinion-unit" />
          </tr>
          <tr className="gk-pf-tall">
            <th>主管部门审核意见</th>
            <OpinionCell opinion={review?.opinions.department} testId="print-opinion-department" />
          </tr>
          <tr className="gk-pf-tall">
            <th>人社部门资格审查意见</th>
            <OpinionCell
              opinion={review?.reviewedByProvince ? review?.opinions.province : review?.opinions.jurisdiction}
              testId="print-opinion-jurisdiction"
            />
          </tr>
          <tr className="gk-pf-remarks">
            <th>备　注</th>
            <td colSpan={8}>{a.remarks ?? ''}</td>
          </tr>
        </tbody>
      </table>
      <div className="gk-pf-notes">
        <p>说明：1. 姓名一栏须填写本人身份证上的姓名。</p>
        <p className="gk-pf-indent">2. 此表一式三份，政府人力资源社会保障部门、所在单位及主管部门各一份。</p>
      </div>
      {review?.opinions.province && !review.reviewedByProvince && (
        <div className="gk-pf-confirm" data-testid="print-opinion-province">
          省工考办确认：{review.opinions.province.opinion}　{review.opinions.province.sealName ?? ''}　
          {cnDate(review.opinions.province.date)}
        </div>
      )}
      <div className="gk-pf-unit">{a.unitName}</div>
    </section>
  );
}

/** `/applications/:id/print`: the official A4 form, three copies, for the browser's print dialog. */
export default function ApplicationPrintPage() {
  const { id } = useParams();
  const appId = Number(id);
  const app = useQuery({
    queryKey: queryKeys.application(appId),
    queryFn: () => applicationApi.get(appId),
    enabled: Number.isInteger(appId),
  });
  // The opinions of the review chain (empty boxes until a level has approved).
  const review = useQuery({
    queryKey: reviewKeys.detail(appId),
    queryFn: () => reviewApi.detail(appId),
    enabled: Number.isInteger(appId),
  });

  if (app.isPending || review.isPending) return <PageLoading />;
  if (app.isError) {
    return <Alert className="gk-pf-error" type="error" showIcon title={errorMessage(app.error)} />;
  }
  const a = app.data;
  return (
    <div className="gk-pf">
      <div className="gk-pf-toolbar gk-no-print">
        <span>{a.name} 的申请表 · A4 · 一式三份（打印时请选择 A4 纸、100% 缩放）</span>
        <Space>
          <Button icon={<FilePdfOutlined />} href={applicationApi.printUrl(a.id)} target="_blank" rel="noreferrer">
            PDF 版
          </Button>
          <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} autoFocus>
            打印
          </Button>
        </Space>
      </div>
      {COPIES.map((copy) => (
        <FormCopy key={copy} a={a} review={review.data} copy={copy} />
      ))}
    </div>
  );
}
