import { ArrowLeftOutlined, EyeOutlined, PrinterOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Result, Space, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { ITEM_TYPES, type ItemType } from '../../domain/items';
import { errorMessage } from '../api/client';
import { type PaperView, paperApi } from '../api/papers';
import { difficultyLabel, ITEM_TYPE_LABELS, SUBJECT_LABELS, TRUE_FALSE_LABELS } from '../labels';
import { type AppliedGrade, GRADE_LABELS } from '../self-check/model';
import { formatDateTime } from '../util';
import '../papers/papers.css';

const SECTION_NUMBERS = ['一', '二', '三'];

function answerText(type: ItemType, answer: string): string {
  if (type === 'true_false') return TRUE_FALSE_LABELS[answer as 'T' | 'F'] ?? answer;
  return [...answer].join('、');
}

/** The paper as a bank manager's review copy: the candidate, then the items by type in the order shown, each key. */
function ReviewCopy({ paper }: { paper: PaperView }) {
  const c = paper.candidate;
  let section = 0;
  return (
    <article className="gk-paper" data-testid="paper-copy">
      <header className="gk-paper-head">
        <div className="gk-paper-secret">内部资料 · 注意保密 · 题库管理员审阅稿</div>
        <h1>
          {SUBJECT_LABELS[paper.subject]}试卷
          {c?.jobTypeName ? `（${c.jobTypeName} · ${GRADE_LABELS[c.grade as AppliedGrade] ?? ''}）` : ''}
        </h1>
        <div className="gk-paper-meta">
          共 {paper.itemCount} 题，满分 {paper.totalPoints} 分，考试时间 {paper.durationMinutes} 分钟，合格线{' '}
          {paper.passLine} 分
        </div>
      </header>
      <Descriptions
        size="small"
        bordered
        column={2}
        className="gk-paper-candidate"
        items={[
          { key: 'name', label: '考生', children: c?.name ?? '（已不在确认名单中）' },
          { key: 'id', label: '身份证号', children: c?.idNumberMasked ?? '—' },
          { key: 'app', label: '申请编号', children: c?.applicationId ?? '—' },
          { key: 'grade', label: '等级', children: c ? (GRADE_LABELS[c.grade as AppliedGrade] ?? c.grade) : '—' },
          { key: 'unit', label: '单位', children: c?.unitName ?? '—', span: 2 },
          { key: 'no', label: '试卷编号', children: paper.id },
          { key: 'mean', label: '平均难度', children: paper.meanDifficulty.toFixed(2) },
          {
            key: 'algo',
            label: '组卷',
            span: 2,
            children: `算法第${paper.algorithmVersion}版 · 第${paper.attempt + 1}次抽取 · ${formatDateTime(paper.createdAt)}`,
          },
        ]}
      />
      {ITEM_TYPES.map((type) => {
        const items = paper.items.filter((i) => i.type === type);
        if (items.length === 0) return null;
        const points = [...new Set(items.map((i) => i.points))];
        const heading = `${SECTION_NUMBERS[section++]}、${ITEM_TYPE_LABELS[type]}（共${items.length}题${
          points.length === 1 ? `，每题${points[0]}分` : ''
        }）`;
        return (
          <section key={type} className="gk-paper-section">
            <h2>{heading}</h2>
            <ol className="gk-paper-items">
              {items.map((item) => (
                <li key={item.position} value={item.position} data-testid="paper-item">
                  <div className="gk-paper-stem">
                    {item.stem}
                    {item.stemImage && <span className="gk-muted">［图：{item.stemImage}］</span>}
                    {points.length > 1 && <span className="gk-muted">（{item.points}分）</span>}
                  </div>
                  {item.options.length > 0 && (
                    <ul className="gk-paper-options">
                      {item.options.map((o) => (
                        <li key={o.letter}>
                          {o.letter}. {o.text}
                          {o.image && <span className="gk-muted">［图：{o.image}］</span>}
                        </li>
                      ))}
                    </ul>
                  )}
                  <div className="gk-paper-key">
                    答案：<strong>{answerText(item.type, item.answer)}</strong>　难度：
                    {difficultyLabel(item.difficulty)}　知识点：
                    {item.knowledgePoint}　试题 #{item.itemId} 第{item.version}版
                  </div>
                </li>
              ))}
            </ol>
          </section>
        );
      })}
    </article>
  );
}

/**
 * One paper (`/papers/:id`). Its content is fetched only on a person's request — the 查看 of the list, or the button
 * here — each an audit row; never on load by itself, on focus or from a cache.
 */
export default function PaperPage() {
  const id = Number(useParams().id);
  const location = useLocation();
  const navigate = useNavigate();
  const view = useMutation({ mutationFn: () => paperApi.view(id) });
  const verify = useMutation({ mutationFn: () => paperApi.verify(id) });
  const asked = (location.state as { open?: boolean } | null)?.open === true;
  const opened = useRef(false);
  useEffect(() => {
    if (!asked || opened.current) return;
    opened.current = true;
    view.mutate();
    // The request is spent: a reload or a return to this page asks again.
    navigate(location.pathname, { replace: true, state: null });
  }, [asked, view, navigate, location.pathname]);

  if (!Number.isInteger(id) || id <= 0) {
    return <Result status="404" title="试卷不存在" extra={<Link to="/papers">返回试卷生成</Link>} />;
  }
  const paper = view.data;
  return (
    <div className="gk-print-page">
      <div className="gk-page-head gk-no-print">
        <Typography.Title level={3} className="gk-mb0">
          试卷 #{id}
          {paper && <span className="gk-page-sub">{SUBJECT_LABELS[paper.subject]}</span>}
        </Typography.Title>
        <Space wrap>
          <Link to="/papers">
            <ArrowLeftOutlined aria-hidden /> 试卷生成
          </Link>
          {paper && (
            <>
              <Button
                icon={<SafetyCertificateOutlined />}
                loading={verify.isPending}
                onClick={() => verify.mutate()}
                data-testid="paper-verify"
              >
                按种子重建核验（记入审计日志）
              </Button>
              <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
                打印
              </Button>
            </>
          )}
        </Space>
      </div>
      {!paper && (
        <Card className="gk-no-print">
          {view.isError ? (
            <Alert type="error" showIcon title={errorMessage(view.error)} />
          ) : (
            <Space orientation="vertical">
              <Typography.Text>
                试卷内容（试题、选项顺序和答案）属于保密内容，每次查看都将记入审计日志。
              </Typography.Text>
              <Button
                type="primary"
                icon={<EyeOutlined />}
                loading={view.isPending}
                onClick={() => view.mutate()}
                data-testid="paper-open"
              >
                查看试卷（记入审计日志）
              </Button>
            </Space>
          )}
        </Card>
      )}
      {verify.data && (
        <Alert
          className="gk-mb gk-no-print"
          type={verify.data.matches ? 'success' : 'error'}
          showIcon
          title={verify.data.message}
          data-testid="paper-verify-result"
        />
      )}
      {verify.isError && (
        <Alert className="gk-mb gk-no-print" type="error" showIcon title={errorMessage(verify.error)} />
      )}
      {paper && (
        <>
          <Alert className="gk-mb gk-no-print" type="info" showIcon title="本次查看已记入审计日志。" />
          <ReviewCopy paper={paper} />
        </>
      )}
    </div>
  );
}
