import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { ATTENDANCE_LABELS, type AttendanceStatus } from '../../domain/training';
import { errorMessage } from '../api/client';
import { trainingApi, trainingKeys } from '../api/sessions-training';
import { PageLoading } from '../components/page-loading';
import { gradeText } from './training';
import './training-print.css';

/** The roster of a class as an A4 sign-in and attendance sheet (学员名单), one row per candidate. */
export default function TrainingPrintPage() {
  const id = Number(useParams().id);
  const cls = useQuery({ queryKey: trainingKeys.class(id), queryFn: () => trainingApi.get(id) });
  // The whole roster, page after page (a class holds at most 2000 candidates; a page at most 200).
  const roster = useQuery({
    queryKey: [...trainingKeys.roster(id, 0, 200), 'all'],
    queryFn: async () => {
      const first = await trainingApi.roster(id, 1, 200);
      const items = [...first.items];
      for (let page = 2; items.length < first.total && page <= 10; page++) {
        items.push(...(await trainingApi.roster(id, page, 200)).items);
      }
      return { total: first.total, items };
    },
  });
  if (cls.isError || roster.isError) {
    return <div className="gk-tp-error">{errorMessage(cls.error ?? roster.error)}</div>;
  }
  const c = cls.data;
  const r = roster.data;
  if (!c || !r) return <PageLoading />;
  return (
    <div className="gk-tp">
      <div className="gk-tp-toolbar">
        <span>
          共 {r.total} 人{r.total > r.items.length ? `（本页打印前 ${r.items.length} 人）` : ''}
        </span>
        <button type="button" onClick={() => window.print()}>
          打印
        </button>
      </div>
      <div className="gk-tp-sheet">
        <h1>{c.name} 学员名单</h1>
        <p className="gk-tp-meta">
          {c.jurisdictionName} · {c.startsOn} 至 {c.endsOn} · {c.place} · 授课教师 {c.teacher} · 面向等级{' '}
          {gradeText(c.grades)}
        </p>
        <table>
          <thead>
            <tr>
              <th>序号</th>
              <th>姓名</th>
              <th>身份证号</th>
              <th>单位</th>
              <th>工种</th>
              {c.sittingList.map((s) => (
                <th key={s.id}>{s.date.slice(5)}</th>
              ))}
              <th>完成</th>
            </tr>
          </thead>
          <tbody>
            {r.items.map((p, i) => (
              <tr key={p.applicationId}>
                <td>{i + 1}</td>
                <td>{p.name}</td>
                <td>{p.idNumberMasked}</td>
                <td>{p.unitName}</td>
                <td>{p.jobTypeName}</td>
                {c.sittingList.map((s) => {
                  const status = p.attendance[String(s.id)] as AttendanceStatus | undefined;
                  return <td key={s.id}>{status ? ATTENDANCE_LABELS[status] : ''}</td>;
                })}
                <td>{p.completed ? '是' : '否'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
