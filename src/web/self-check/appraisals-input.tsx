import { Select } from 'antd';
import { APPRAISAL_OPTIONS, APPRAISAL_YEARS, type Appraisal } from './model';

interface AppraisalsInputProps {
  /** Set by Form.Item: the first select gets it, so the item's label points there. */
  id?: string;
  value?: (Appraisal | undefined)[];
  onChange?: (value: (Appraisal | undefined)[]) => void;
  /** The year of the newest appraisal (the campaign year's previous year). */
  newestYear: number;
}

/** Five annual appraisal results, newest first, as one form value. */
export function AppraisalsInput({ id, value, onChange, newestYear }: AppraisalsInputProps) {
  const current = value ?? [];
  const set = (index: number, result: Appraisal | undefined) => {
    const next = Array.from({ length: APPRAISAL_YEARS }, (_, i) => current[i]);
    next[index] = result;
    onChange?.(next);
  };
  return (
    <div className="gk-sc-appraisals">
      {Array.from({ length: APPRAISAL_YEARS }, (_, i) => {
        const year = newestYear - i;
        return (
          <div key={year} className="gk-sc-appraisal">
            <label className="gk-sc-appraisal-year" htmlFor={i === 0 ? id : `${id}_${i}`}>
              {year}年{i === 0 ? '（最近）' : ''}
            </label>
            <Select<Appraisal>
              id={i === 0 ? id : `${id}_${i}`}
              aria-label={`${year}年度考核结果`}
              placeholder="请选择"
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              value={current[i]}
              onChange={(v) => set(i, v ?? undefined)}
              options={APPRAISAL_OPTIONS.map((o) => ({ value: o.value, label: o.label }))}
            />
          </div>
        );
      })}
    </div>
  );
}
