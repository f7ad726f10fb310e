import { Alert, Button, Descriptions, Typography } from 'antd';
import type { Ref } from 'react';
import {
  bySeverity,
  type EligibilityCheckResponse,
  FIELD_LABELS,
  type Finding,
  formatCnDate,
  GRADE_LABELS,
  type PlacedFindings,
  SEVERITY_WORDS,
  type Severity,
  VERDICT_TITLES,
} from './model';

const ALERT_TYPES = { eligible: 'success', ineligible: 'error', needs_review: 'warning' } as const;

/** The severity in words, coloured like the form's own help text. */
export function SeverityWord({ severity }: { severity: Severity }) {
  return <span className={`gk-sc-sev gk-sc-sev-${severity}`}>【{SEVERITY_WORDS[severity]}】</span>;
}

interface VerdictBoxProps {
  result: EligibilityCheckResponse;
  placed: PlacedFindings;
  /** What was checked, for the subtitle. */
  applied: { jobType: string; grade: keyof typeof GRADE_LABELS };
  /** The form was changed after this result. */
  stale: boolean;
  /** Moves focus to a field that has findings. */
  onGoToField: (field: string) => void;
  ref?: Ref<HTMLElement>;
}

/** The outcome of a self-check: verdict, retirement date, work years and the findings not shown by a field. */
export function VerdictBox({ result, placed, applied, stale, onGoToField, ref }: VerdictBoxProps) {
  const fieldEntries = [...placed.byField.entries()];
  const unplaced = bySeverity(placed.unplaced);
  return (
    <section
      ref={ref}
      className="gk-sc-verdict"
      data-testid="self-check-verdict"
      data-verdict={result.verdict}
      aria-label="自测结果"
      tabIndex={-1}
    >
      <Alert
        type={ALERT_TYPES[result.verdict]}
        showIcon
        title={<span className="gk-sc-verdict-title">{VERDICT_TITLES[result.verdict]}</span>}
        description={
          <div className="gk-sc-verdict-body">
            <div className="gk-sc-verdict-sub">
              {result.campaignYear}年度 · 申报 {applied.jobType || '—'} {GRADE_LABELS[applied.grade]}
            </div>
            {stale && (
              <Typography.Text type="warning" className="gk-sc-stale">
                表单已修改，以下结果可能已不适用，请重新点击“开始自测”。
              </Typography.Text>
            )}
            <Descriptions
              size="small"
              column={{ xs: 1, sm: 2 }}
              className="gk-sc-facts"
              items={[
                {
                  key: 'retirement',
                  label: '法定退休日期',
                  children: (
                    <span data-testid="self-check-retirement">
                      {result.statutoryRetirementDate
                        ? formatCnDate(result.statutoryRetirementDate)
                        : '—（身份证号有效时计算）'}
                    </span>
                  ),
                },
                {
                  key: 'workYears',
                  label: '工作年限',
                  children: (
                    <span data-testid="self-check-work-years">
                      {result.workYears === null
                        ? '—'
                        : `${result.workYears}年（按年度计算至${result.campaignYear}年）`}
                    </span>
                  ),
                },
              ]}
            />
            {result.findings.length === 0 && <p className="gk-sc-none">未发现不符合申报条件或须审核的情况。</p>}
            {unplaced.length > 0 && (
              <ul className="gk-sc-findings" aria-label="审查意见">
                {unplaced.map((f) => (
                  <FindingItem key={`${f.code}-${f.field ?? ''}-${f.message}`} finding={f} />
                ))}
              </ul>
            )}
            {fieldEntries.length > 0 && (
              <div className="gk-sc-field-links">
                <span>
                  {unplaced.length > 0 ? '另有' : '共有'}
                  {fieldEntries.reduce((n, [, list]) => n + list.length, 0)}条意见标注在相应栏目旁：
                </span>
                {fieldEntries.map(([field, list]) => {
                  const worst = bySeverity(list)[0]?.severity ?? 'warning';
                  return (
                    <Button
                      key={field}
                      type="link"
                      size="small"
                      className="gk-sc-field-link"
                      onClick={() => onGoToField(field)}
                    >
                      {FIELD_LABELS[field] ?? field}
                      <SeverityWord severity={worst} />
                    </Button>
                  );
                })}
              </div>
            )}
          </div>
        }
      />
      <p className="gk-sc-disclaimer">自测结果仅供参考，以单位、主管部门和人社部门的资格审查为准。</p>
    </section>
  );
}

function FindingItem({ finding }: { finding: Finding }) {
  const label = finding.field ? FIELD_LABELS[finding.field.split('.')[0] ?? ''] : undefined;
  return (
    <li data-severity={finding.severity} data-code={finding.code}>
      <SeverityWord severity={finding.severity} />
      {label && <strong>{label}：</strong>}
      {finding.message}
    </li>
  );
}
