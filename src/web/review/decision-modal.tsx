import { Alert, Form, Input, Modal, Select, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { ACTION_LABELS, defaultOpinion, MIN_OVERRULE_REASON, overruleRefusal, reasonsFor } from '../../domain/review';
import { errorMessage, isSessionError } from '../api/client';
import type { DecisionFields, ReviewAction, ReviewLevel, Verdict } from '../api/review';
import { VERDICT_TITLES } from '../self-check/model';

const OPINION_MAX = 500;
const SEAL_MAX = 100;

/**
 * Whether the approval must explain overruling the verdict: `verdict` for one application (required unless
 * eligible), `mixed` for a bulk whose applications may include non-eligible ones (optional; those without it
 * are skipped by the server), or null.
 */
export type OverruleNeed = { kind: 'one'; verdict: Verdict } | { kind: 'mixed'; known: number | null } | null;

interface FormValues {
  reasonCode?: string;
  opinion?: string;
  overruleReason?: string;
  sealName?: string;
}

export interface DecisionModalProps {
  open: boolean;
  level: ReviewLevel;
  action: ReviewAction;
  /** Who is decided on: "张三 的申请" or the bulk scope (may hold inputs of its own). */
  subject: ReactNode;
  /** The seal printed on the form; defaults to the reviewer's org name. */
  sealName: string;
  overrule: OverruleNeed;
  /** Sends the decision; a rejection keeps the modal open and shows the server's message. */
  onSubmit: (fields: DecisionFields) => Promise<void>;
  onClose: () => void;
  /** Disables OK (e.g. an empty bulk scope). */
  okDisabled?: boolean;
}

const ACTION_TITLES: Record<ReviewAction, string> = {
  approve: '审核通过',
  return: '退回修改',
  reject: '审核不通过',
};

/** The one dialog for a decision, single or bulk: opinion, seal, reason (return/reject) and overrule reason. */
export function DecisionModal({
  open,
  level,
  action,
  subject,
  sealName,
  overrule,
  onSubmit,
  onClose,
  okDisabled,
}: DecisionModalProps) {
  const [form] = Form.useForm<FormValues>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasons = reasonsFor(action);
  const fallback = defaultOpinion(level, action);
  const reasonCode = Form.useWatch('reasonCode', form);
  // An eligible application needs no reason to be approved: the box shows only where the verdict asks for one.
  const needsOverrule =
    action === 'approve' && overrule !== null && !(overrule.kind === 'one' && overrule.verdict === 'eligible');
  const overruleRequired = action === 'approve' && overrule?.kind === 'one' && overrule.verdict !== 'eligible';

  const submit = async () => {
    let values: FormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const opinion = values.opinion?.trim();
      const overruleReason = values.overruleReason?.trim();
      const seal = values.sealName?.trim();
      await onSubmit({
        reasonCode: reasons ? values.reasonCode : undefined,
        opinion: opinion || undefined,
        overruleReason: needsOverrule && overruleReason ? overruleReason : undefined,
        sealName: seal || undefined,
      });
    } catch (e) {
      if (!isSessionError(e)) setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={ACTION_TITLES[action]}
      okText={`确定${ACTION_LABELS[action]}`}
      cancelText="取消"
      okButtonProps={{
        danger: action === 'reject',
        disabled: okDisabled,
        'data-testid': 'decision-ok',
      }}
      confirmLoading={busy}
      onOk={() => void submit()}
      onCancel={onClose}
      destroyOnHidden
      mask={{ closable: false }}
      width={600}
    >
      <div className="gk-rv-subject">{subject}</div>
      {error && (
        <Alert className="gk-mb" type="error" showIcon role="alert" title={error} data-testid="decision-error" />
      )}
      <Form<FormValues>
        form={form}
        layout="vertical"
        preserve={false}
        initialValues={{ opinion: fallback, sealName }}
        onFinish={() => void submit()}
        data-testid="decision-form"
      >
        {reasons && (
          <Form.Item
            label={action === 'return' ? '退回原因' : '不通过原因'}
            name="reasonCode"
            rules={[{ required: true, message: action === 'return' ? '请选择退回原因' : '请选择不通过原因' }]}
          >
            <Select
              autoFocus
              placeholder="请选择"
              data-testid="decision-reason"
              options={Object.entries(reasons).map(([value, label]) => ({ value, label }))}
            />
          </Form.Item>
        )}
        {needsOverrule && overrule && <OverruleHelp overrule={overrule} />}
        {needsOverrule && (
          <Form.Item
            label={overrule?.kind === 'one' && overrule.verdict === 'needs_review' ? '核实意见' : '通过理由'}
            name="overruleReason"
            required={overruleRequired}
            rules={[
              {
                validator: async (_r, value: string | undefined) => {
                  const text = value?.trim() ?? '';
                  if (overrule?.kind === 'one') {
                    const refusal = overruleRefusal(overrule.verdict, text);
                    if (refusal) throw new Error(refusal);
                  } else if (text && text.length < MIN_OVERRULE_REASON) {
                    throw new Error(`理由不少于${MIN_OVERRULE_REASON}个字`);
                  }
                },
              },
            ]}
          >
            <Input.TextArea
              autoFocus={!reasons}
              maxLength={OPINION_MAX}
              showCount
              autoSize={{ minRows: 2, maxRows: 4 }}
              placeholder={`不少于${MIN_OVERRULE_REASON}个字，例如：经核对原始档案，工作年限符合要求`}
              data-testid="decision-overrule"
            />
          </Form.Item>
        )}
        <Form.Item
          label="审核意见"
          name="opinion"
          extra={
            reasonCode === 'OTHER'
              ? '选择“其他原因”时，请在审核意见中写明具体原因。'
              : '将作为本级审核意见印在申请表上；可修改。'
          }
          rules={[
            { max: OPINION_MAX, message: `审核意见不超过${OPINION_MAX}个字` },
            {
              validator: async (_r, value: string | undefined) => {
                const text = value?.trim() ?? '';
                if (reasonCode === 'OTHER' && (!text || text === fallback)) {
                  throw new Error('选择“其他原因”时须写明具体原因');
                }
              },
            },
          ]}
        >
          <Input.TextArea
            maxLength={OPINION_MAX}
            showCount
            autoSize={{ minRows: 2, maxRows: 5 }}
            autoFocus={!reasons && !needsOverrule}
            data-testid="decision-opinion"
          />
        </Form.Item>
        <Form.Item
          label="盖章单位"
          name="sealName"
          extra="申请表上本级意见处的盖章单位名称，默认为本单位名称。"
          rules={[{ max: SEAL_MAX, message: `不超过${SEAL_MAX}个字` }]}
          className="gk-mb0"
        >
          <Input maxLength={SEAL_MAX} data-testid="decision-seal" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function OverruleHelp({ overrule }: { overrule: Exclude<OverruleNeed, null> }) {
  if (overrule.kind === 'one') {
    if (overrule.verdict === 'eligible') return null;
    return (
      <Alert
        className="gk-mb"
        type={overrule.verdict === 'ineligible' ? 'error' : 'warning'}
        showIcon
        title={`系统判定：${VERDICT_TITLES[overrule.verdict]}`}
        description={overruleRefusal(overrule.verdict, '')}
      />
    );
  }
  return (
    <Alert
      className="gk-mb"
      type="warning"
      showIcon
      title={
        overrule.known === null
          ? '筛选结果中可能有系统判定“不符合”或“需人工核实”的申请'
          : `所选申请中有 ${overrule.known} 人系统判定“不符合”或“需人工核实”`
      }
      description={
        <Typography.Text>
          通过这些申请须填写不少于{MIN_OVERRULE_REASON}
          个字的理由（判定“不符合”而通过的，将在统计中标注）。不填写理由时，这些申请会被跳过，其余照常通过。
        </Typography.Text>
      }
    />
  );
}
