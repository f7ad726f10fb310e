// Form fields that the public self-check and the application form share: the same labels, rules, pickers and
// finding placement, written once. Each renders its Form.Item; the caller passes the findings' feedback.
import { DatePicker, Form, type FormItemProps, InputNumber, Radio, Select } from 'antd';
import type { ReactNode } from 'react';
import { EDUCATION_OPTIONS, HELD_GRADE_OPTIONS } from './model';

export const MONTH_FORMAT = 'YYYY-MM';

/** Typing filters a select's options by their Chinese label. */
export const labelSearch = { optionFilterProp: 'label' };

/** Typing filters an AutoComplete's job-type names by their text. */
export const nameSearch = {
  filterOption: (input: string, option?: { value?: string | number | null }) =>
    String(option?.value ?? '').includes(input.trim()),
};

export const RETIREMENT_GROUP_OPTIONS = [
  { value: 'worker', label: '50岁（工人，默认）' },
  { value: 'cadre', label: '55岁（干部身份）' },
];

/** Where a field's findings show (status colour and the finding text under it). */
export type FieldFeedback = Pick<FormItemProps, 'validateStatus' | 'help'>;

/**
 * `validate` false: the field is marked required but an empty value is not refused by the form (the public
 * self-check names missing fields in its verdict instead of turning them red).
 */
export function EducationField({ feedback, validate = true }: { feedback: FieldFeedback; validate?: boolean }) {
  return (
    <Form.Item
      label="文化程度"
      name="education"
      required
      rules={validate ? [{ required: true, message: '请选择文化程度' }] : undefined}
      {...feedback}
    >
      <Select
        placeholder="请选择"
        showSearch={labelSearch}
        options={EDUCATION_OPTIONS.map((o) => ({ value: o.value, label: o.label }))}
      />
    </Form.Item>
  );
}

export function RetirementGroupField({ feedback }: { feedback: FieldFeedback }) {
  return (
    <Form.Item
      label="女性退休年龄基准"
      name="retirementGroup"
      extra="工勤技能岗位人员一般按工人（50岁）计算"
      {...feedback}
    >
      <Radio.Group options={RETIREMENT_GROUP_OPTIONS} />
    </Form.Item>
  );
}

/**
 * A month (YYYY-MM) picker; `required` is the message shown when it is left empty (with `validate` false, the
 * field is only marked required; see EducationField).
 */
export function MonthField({
  name,
  label,
  placeholder,
  required,
  validate = true,
  extra,
  feedback,
}: {
  name: string;
  label: string;
  placeholder: string;
  required?: string;
  validate?: boolean;
  extra?: ReactNode;
  feedback: FieldFeedback;
}) {
  return (
    <Form.Item
      label={label}
      name={name}
      required={required !== undefined}
      rules={required && validate ? [{ required: true, message: required }] : undefined}
      extra={extra}
      {...feedback}
    >
      <DatePicker picker="month" format={MONTH_FORMAT} placeholder={placeholder} className="gk-full" />
    </Form.Item>
  );
}

export function YearsInJobTypeField({ feedback }: { feedback: FieldFeedback }) {
  return (
    <Form.Item label="现岗位工种年限" name="yearsInCurrentJobType" {...feedback}>
      <InputNumber<number> min={0} max={60} precision={0} suffix="年" className="gk-full" />
    </Form.Item>
  );
}

export function HeldGradeField({ feedback }: { feedback: FieldFeedback }) {
  return (
    <Form.Item
      label="现岗位等级"
      name="currentGrade"
      rules={[{ required: true, message: '请选择现岗位等级' }]}
      {...feedback}
    >
      <Select showSearch={labelSearch} options={HELD_GRADE_OPTIONS} />
    </Form.Item>
  );
}
