import { Alert, Button, Descriptions, Typography } from 'antd';
import type { Ref } from 'react';
import {
  bySeverity,
  type EligibilityCheckResponse,
  FIELD_LABELS,
  type Finding,
  formatCnDate,
  GRADE_LABELS,
  incompleteTitle,
  type PlacedFindings,
  SEVERITY_WORDS,
  type Severity,
  VERDICT_TITLES,
} from './model';

// Incomplete is not ineligible: a neutral blue until the required fields are filled.
const ALERT_TYPES = { eligible: 'success', ineligible: 'error', needs_review: 'warning', incomplete: 'info' } as const;

/** The severity in words, coloured like the form's own help text. */
export function SeverityWord({ severity }: { severity: Severity }) {
  return <span className={`gk-sc-sev gk-sc-sev-${severity}`}>【{SEVERITY_WORDS[severity]}】</span>;
}

/**
 * What the box shows: the self-check's answer, or the application evaluation's (which has no campaignYear), or a
 * stored application's verdict (which has no missing fields).
 */
export type VerdictResult = Pick<
  EligibilityCheckResponse,
  'verdict' | 'statutoryRetirementDate' | 'workYears' | 'findings'
> & { campaignYear?: number; missing?: readonly string[] };

/** A field's findings, one line each, shown as the Form.Item's help (the findings-beside-fields pattern). */
export function FindingHelp({
  field,
  findings,
  testIdPrefix = 'self-check-finding',
}: {
  field: string;
  findings: readonly Finding[];
  testIdPrefix?: string;
}) {
  return (
    <div className="gk-sc-help" data-testid={`${testIdPrefix}-${field}`}>
      {findings.map((f) => (
        <div key={`${f.code}-${f.message}`} data-severity={f.severity} data-code={f.code}>
          <SeverityWord severity={f.severity} />
          {f.message}
        </div>
      ))}
    </div>
  );
}

interface VerdictBoxProps {
  result: VerdictResult;
  placed: PlacedFindings;
  /** What was checked, for the subtitle. */
  applied: { jobType: string; grade?: keyof typeof GRADE_LABELS };
  /** The form was changed after this result. */
  stale: boolean;
  /** Moves focus to a field that has findings. */
  onGoToField: (field: string) => void;
  ref?: Ref<HTMLElement>;
  /** Test hooks: the box, and the prefix of its retirement/work-years facts. */
  testId?: string;
  factTestIdPrefix?: string;
  /** Shown when stale (the self-check asks for another click; the application form re-checks by itself). */
  staleText?: string;
  disclaimer?: string;
  ariaLabel?: string;
  /** Field labels for findings and links, when the form's names differ from the self-check's. */
  labels?: Readonly<Record<string, string>>;
  /** One column of facts in a narrow side panel. */
  compact?: boolean;
}

/** The outcome of a self-check: verdict, retirement date, work years and the findings not shown by a field. */
export function VerdictBox({
  result,
  placed,
  applied,
  stale,
  onGoToField,
  ref,
  testId = 'self-check-verdict',
  factTestIdPrefix = 'self-check',
  staleText = '表单已修改，以下结果可能已不适用，请重新点击“开始自测”。',
  disclaimer = '自测结果仅供参考，以单位、主管部门和人社部门的资格审查为准。',
  ariaLabel = '自测结果',
  labels = FIELD_LABELS,
  compact = false,
}: VerdictBoxProps) {
  const fieldEntries = [...placed.byField.entries()];
  const unplaced = bySeverity(placed.unplaced);
  const year = result.campaignYear;
  const incomplete = result.verdict === 'incomplete';
  const missing = result.missing ?? [];
  const title = incomplete ? incompleteTitle(missing, labels) : VERDICT_TITLES[result.verdict];
  return (
    <section
      ref={ref}
      className="gk-sc-verdict"
      data-testid={testId}
      data-verdict={result.verdict}
      aria-label={ariaLabel}
      aria-live="polite"
      tabIndex={-1}
    >
      <Alert
        type={ALERT_TYPES[result.verdict]}
        showIcon
        title={<span className="gk-sc-verdict-title">{title}</span>}
        description={
          <div className="gk-sc-verdict-body">
            <div className="gk-sc-verdict-sub">
              {year ? `${year}年度 · ` : ''}申报 {applied.jobType || '—'}{' '}
              {applied.grade ? GRADE_LABELS[applied.grade] : ''}
            </div>
            {stale && (
              <Typography.Text type="warning" className="gk-sc-stale">
                {staleText}
              </Typography.Text>
            )}
            {incomplete && (
              <div className="gk-sc-missing" data-testid={`${testId}-missing`}>
                <span>填写以下栏目后，将给出是否符合申报条件的结论：</span>
                {missing.map((field) => (
                  <Button
                    key={field}
                    type="link"
                    size="small"
                    className="gk-sc-field-link"
                    data-field={field}
                    onClick={() => onGoToField(field)}
                  >
                    {labels[field] ?? field}
                  </Button>
                ))}
              </div>
            )}
            <Descriptions
              size="small"
              column={compact ? 1 : { xs: 1, sm: 2 }}
              className="gk-sc-facts"
              items={[
                {
                  key: 'retirement',
                  label: '法定退休日期',
                  children: (
                    <span data-testid={`${factTestIdPrefix}-retirement`}>
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
                    <span data-testid={`${factTestIdPrefix}-work-years`}>
                      {result.workYears === null || result.workYears === undefined
                        ? '—'
                        : `${result.workYears}年${year ? `（按年度计算至${year}年）` : ''}`}
                    </span>
                  ),
                },
              ]}
            />
            {result.findings.length === 0 && (
              <p className="gk-sc-none">
                {incomplete ? '已填写的内容未发现问题。' : '未发现不符合申报条件或须审核的情况。'}
              </p>
            )}
            {unplaced.length > 0 && (
              <ul className="gk-sc-findings" aria-label="审查意见">
                {unplaced.map((f) => (
                  <FindingItem key={`${f.code}-${f.field ?? ''}-${f.message}`} finding={f} labels={labels} />
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
                      {labels[field] ?? field}
                      <SeverityWord severity={worst} />
                    </Button>
                  );
                })}
              </div>
            )}
          </div>
        }
      />
      <p className="gk-sc-disclaimer">{disclaimer}</p>
    </section>
  );
}

function FindingItem({ finding, labels }: { finding: Finding; labels: Readonly<Record<string, string>> }) {
  const label = finding.field ? labels[finding.field.split('.')[0] ?? ''] : undefined;
  return (
    <li data-severity={finding.severity} data-code={finding.code}>
      <SeverityWord severity={finding.severity} />
      {label && <strong>{label}：</strong>}
      {finding.message}
    </li>
  );
}
