// Everything but the answering: who sits here, the rules, what comes next and when, the results so far.
import type { StateResponse } from '../../server/modules/delivery/delivery.schemas.js';
import { currentSubject, type ExamContext } from './app.js';
import { beijingClock, formatCountdown } from './clock.js';
import { RecoveryButton } from './recovery-button.js';

const SUBMIT_KIND_LABELS: Record<string, string> = {
  candidate: '考生交卷',
  deadline: '到时自动交卷',
  proctor: '监考员收卷',
  stopped: '考试终止',
};

export const RULES = [
  '考生凭准考证和有效身份证件参加考试，在指定座位作答，不得擅自调换座位。',
  '开考后按科目顺序作答；每个科目到时由系统自动交卷，科目之间的休息时间内不能作答。',
  '作答时可随时修改答案、标记题目，并通过答题卡查看已答、未答和已标记的题目。',
  '每次作答都会先保存在本机再提交服务器；题目旁显示“已保存”即服务器已收到。网络中断时请继续作答，并举手告知监考员。',
  '开考一定时间后方可提前交卷，交卷后不能再修改该科目的答案。',
  '考试期间不得使用手机等电子设备，不得交头接耳；违纪行为按规定处理。',
  '遇到停电、死机等情况请举手示意监考员，暂停的时间会在恢复后补足。',
];

export function Lobby({
  ctx,
  state,
  now,
  offline,
  large,
  onLarge,
}: {
  ctx: ExamContext;
  state: StateResponse;
  now: number;
  offline: boolean;
  large: boolean;
  onLarge: () => void;
}) {
  const subjects = [...state.subjects].sort((a, b) => a.position - b.position);
  const next = currentSubject(state);
  const lastDone = [...subjects].reverse().find((s) => s.state === 'submitted');
  const c = state.candidate;

  let headline: string;
  let detail: string | null = null;
  let countdown: { label: string; ms: number } | null = null;
  if (state.stoppedAt || state.status === 'stopped') {
    headline = '本场考试已终止';
    detail = '考场故障时间超过规定，本场考试将另行安排。请听从监考员指挥，有序离开考场。';
  } else if (state.status === 'absent') {
    headline = '已记为缺考';
    detail = '如有疑问，请联系监考员。';
  } else if (state.clientStatus === 'pending') {
    headline = '等待监考员确认换机';
    detail = '您已在另一台考试机登录过。请举手示意监考员，确认后即可在本机继续作答。';
  } else if (state.status === 'waiting') {
    headline = '等待入场审核';
    detail = `请在座位上稍候，监考员将核对您的照片和证件。迟到入场截止时间：${beijingClock(Date.parse(state.session.lateEntryEndsAt))}。`;
    if (next) countdown = { label: `距「${next.label}」开考`, ms: Date.parse(next.opensAt) - now };
  } else if (state.status === 'finished' || !next) {
    headline = '考试结束';
    detail = '本场考试的全部科目已交卷。请检查随身物品，按监考员指示离开考场。';
  } else if (now < Date.parse(next.opensAt)) {
    headline = lastDone ? `休息时间 · 下一科目「${next.label}」` : `入场审核已通过 · 即将开考「${next.label}」`;
    detail = `开考时间：${beijingClock(Date.parse(next.opensAt))}。请阅读考生须知，开考后将自动进入作答。`;
    countdown = { label: `距「${next.label}」开考`, ms: Date.parse(next.opensAt) - now };
  } else {
    headline = `正在进入「${next.label}」`;
    detail = offline ? '网络中断，正在重试读取试卷…' : '正在读取试卷…';
  }

  return (
    <div className="exam-lobby">
      <header className="exam-bar">
        <div className="exam-bar-title">人机对话考试 · {state.session.name}</div>
        <div className="exam-bar-tools">
          <span className="exam-now">北京时间 {beijingClock(now, true)}</span>
          <button type="button" aria-pressed={large} onClick={onLarge} data-testid="exam-large">
            {large ? '标准字号' : '大字号'}
          </button>
        </div>
      </header>
      {offline && (
        <p className="exam-banner exam-banner-warn" role="status">
          网络中断，正在重试连接。
        </p>
      )}
      <main className="exam-lobby-main">
        <section className="exam-card exam-candidate" aria-label="考生信息" data-testid="exam-candidate">
          {c.photo ? (
            <img className="exam-photo" src={c.photo} alt={`${c.name}的照片`} />
          ) : (
            <div className="exam-photo exam-photo-none">无照片</div>
          )}
          <dl>
            <dt>姓名</dt>
            <dd data-testid="exam-candidate-name">{c.name}</dd>
            <dt>准考证号</dt>
            <dd>{c.ticketNumber}</dd>
            <dt>身份证号</dt>
            <dd>{c.idNumberMasked}</dd>
            {c.jobTypeName && (
              <>
                <dt>报考工种</dt>
                <dd>
                  {c.jobTypeName}
                  {c.grade ? ` · ${c.grade}级` : ''}
                </dd>
              </>
            )}
            <dt>考点考场</dt>
            <dd>
              {state.centre.name} · {state.room.name}
            </dd>
            <dt>座位</dt>
            <dd className="exam-seat" data-testid="exam-seat">
              {state.seat.label}
            </dd>
          </dl>
        </section>
        <section className="exam-card exam-status" aria-live="polite" data-testid="exam-lobby-status">
          <h1>{headline}</h1>
          {detail && <p>{detail}</p>}
          {countdown && (
            <p className="exam-countdown-line">
              {countdown.label}
              <span className="exam-countdown" data-testid="exam-opening-countdown">
                {formatCountdown(countdown.ms)}
              </span>
            </p>
          )}
          {lastDone && (
            <p className="exam-result" data-testid="exam-last-result">
              「{lastDone.label}」已交卷（{SUBMIT_KIND_LABELS[lastDone.submitKind ?? ''] ?? '已交卷'}），作答{' '}
              {lastDone.answeredCount}/{lastDone.itemCount} 题
              {lastDone.score !== null ? `，得分 ${lastDone.score} 分` : ''}。
            </p>
          )}
          <RecoveryButton ctx={ctx} state={state} />
        </section>
        <section className="exam-card exam-subjects" aria-label="考试科目">
          <h2>考试科目</h2>
          <table>
            <thead>
              <tr>
                <th scope="col">顺序</th>
                <th scope="col">科目</th>
                <th scope="col">时间</th>
                <th scope="col">题量</th>
                <th scope="col">状态</th>
                <th scope="col">成绩</th>
              </tr>
            </thead>
            <tbody>
              {subjects.map((s) => (
                <tr key={s.subject} data-testid={`exam-subject-${s.subject}`}>
                  <td>{s.position}</td>
                  <td>{s.label}</td>
                  <td>
                    {beijingClock(Date.parse(s.opensAt))}–{beijingClock(Date.parse(s.deadlineAt))}
                  </td>
                  <td>{s.itemCount}</td>
                  <td>{s.state === 'submitted' ? '已交卷' : s.state === 'open' ? '作答中' : '未开始'}</td>
                  <td>{s.score !== null ? `${s.score} 分` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="exam-card exam-rules" aria-label="考生须知">
          <h2>考生须知</h2>
          <ol>
            {RULES.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ol>
        </section>
      </main>
    </div>
  );
}
